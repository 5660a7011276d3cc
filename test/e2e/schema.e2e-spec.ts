import type { DataSource } from 'typeorm';
import { runPendingMigrations } from '../../src/database/migration-lock';
import { flavourOfOptions, spatialSql } from '../../src/database/spatial';
import { DivingCenter } from '../../src/modules/centers/entities/diving-center.entity';
import { GearRentalCost } from '../../src/modules/centers/entities/gear-rental-cost.entity';
import { Dive } from '../../src/modules/dives/entities/dive.entity';
import { DiveSite } from '../../src/modules/sites/entities/dive-site.entity';
import { User } from '../../src/modules/users/entities/user.entity';
import { dropDatabase, openDataSource, recreateDatabase, workerDatabaseName } from '../support/database';

const DATABASE = workerDatabaseName('schema');

describe('entities and migrations describe the same schema', () => {
  let ds: DataSource;

  beforeAll(async () => {
    await recreateDatabase(DATABASE);
    ds = await openDataSource(DATABASE);
    await runPendingMigrations(ds, 60);
  });

  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(DATABASE);
  });

  it('leaves nothing for TypeORM to generate after the migrations ran', async () => {
    const { upQueries } = await ds.driver.createSchemaBuilder().log();
    const queries = upQueries.map((q) => q.query);
    // On failure Jest prints the queries TypeORM would run: fix the entity or add a migration.
    expect(queries).toEqual([]);
  });

  it('loads every entity in the entities glob', () => {
    const tables = ds.entityMetadatas.map((m) => m.tableName).sort();
    expect(tables).toEqual(
      [
        'available_tags',
        'center_comments',
        'center_dive_sites',
        'center_ratings',
        'difficulty_levels',
        'dive_media',
        'dive_site_aliases',
        'dive_site_search',
        'dive_site_tags',
        'dive_sites',
        'dive_tags',
        'dives',
        'diving_center_organizations',
        'diving_center_search',
        'diving_centers',
        'diving_organizations',
        'gear_rental_costs',
        'newsletters',
        'parsed_dive_trips',
        'parsed_dives',
        'refresh_tokens',
        'site_comments',
        'site_media',
        'site_ratings',
        'user_certifications',
        'users',
      ].sort(),
    );
  });

  describe('entity round trips', () => {
    let user: User;

    beforeAll(async () => {
      user = await ds.getRepository(User).save({
        username: 'entity_user',
        email: 'entity@example.com',
        passwordHash: 'hash',
      });
    });

    it('fills the column defaults of a new user', async () => {
      const loaded = await ds.getRepository(User).findOneByOrFail({ id: user.id });
      expect(loaded).toMatchObject({
        isAdmin: false,
        isModerator: false,
        enabled: true,
        numberOfDives: 0,
        buddyVisibility: 'public',
        googleId: null,
        deletedAt: null,
      });
      expect(loaded.createdAt).toBeInstanceOf(Date);
    });

    it('reads DECIMAL columns as numbers (null stays null) and DATE/TIME as strings', async () => {
      const site = await ds.getRepository(DiveSite).save({
        name: 'Kastelorizo Blue Cave',
        latitude: 36.14312345,
        longitude: 29.58765432,
        maxDepth: 32.125,
        difficultyId: 3,
        createdBy: user.id,
      });
      const dive = await ds.getRepository(Dive).save({
        userId: user.id,
        diveSiteId: site.id,
        diveDate: '2025-01-01',
        diveTime: '23:30:00',
        maxDepth: 999.999,
        suitType: 'dry_suit',
      });

      const loadedSite = await ds.getRepository(DiveSite).findOneOrFail({
        where: { id: site.id },
        relations: { difficulty: true },
      });
      expect(loadedSite).toMatchObject({ latitude: 36.14312345, longitude: 29.58765432, maxDepth: 32.125 });
      expect(loadedSite.difficulty?.code).toBe('DEEP_NITROX');

      const loadedDive = await ds.getRepository(Dive).findOneByOrFail({ id: dive.id });
      expect(loadedDive).toMatchObject({
        diveDate: '2025-01-01',
        diveTime: '23:30:00',
        maxDepth: 999.999,
        averageDepth: null,
        suitType: 'dry_suit',
        isPrivate: false,
      });
    });

    it('saves a center without touching location (sentinel default) and updates it by raw expression', async () => {
      const spatial = spatialSql(flavourOfOptions(ds.options));
      const center = await ds.getRepository(DivingCenter).save({ name: 'Athens Divers' });
      await ds.getRepository(GearRentalCost).save({ divingCenterId: center.id, itemName: 'Fins', cost: 7.5 });

      const read = async (): Promise<string> => {
        const [row] = await ds.query<Array<{ wkt: string }>>(
          'SELECT ST_AsText(location) AS wkt FROM diving_centers WHERE id = ?',
          [center.id],
        );
        return row.wkt;
      };
      expect(await read()).toBe('POINT(0 0)');

      await ds
        .createQueryBuilder()
        .update(DivingCenter)
        .set({ latitude: 37.9838, longitude: 23.7275, location: () => spatial.point(':lng', ':lat') })
        .where('id = :id', { id: center.id, lng: 23.7275, lat: 37.9838 })
        .execute();
      // The ST_AsText axis order is the server's; on MariaDB it is longitude first.
      if (flavourOfOptions(ds.options) === 'mariadb') expect(await read()).toBe('POINT(23.7275 37.9838)');

      const loaded = await ds.getRepository(DivingCenter).findOneOrFail({
        where: { id: center.id },
        relations: { gearRentalCosts: true },
      });
      expect(loaded.location).toBeUndefined(); // select: false
      expect(loaded).toMatchObject({ latitude: 37.9838, longitude: 23.7275 });
      expect(loaded.gearRentalCosts).toEqual([
        expect.objectContaining({ itemName: 'Fins', cost: 7.5, currency: 'EUR' }),
      ]);
    });
  });
});
