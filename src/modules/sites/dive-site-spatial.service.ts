import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { LatLng } from '../../common/geo/geo';
import { flavourOfOptions } from '../../database/spatial';
import { findNearby, findNearbyExpanding } from '../../database/spatial-search';
import { DifficultyService } from '../difficulty/difficulty.service';
import { decimal, groupTags, round } from './dive-site.mapper';
import { DiveSiteAccessPolicy } from './dive-site-access.policy';
import {
  DUPLICATE_DISTANCE_M,
  MAX_CONFLICTS_LISTED,
  NEARBY_RADIUS_M,
  NO_COORDINATES,
  PROXIMITY_LIMIT,
  SIMILAR_NAME_DISTANCE_M,
  TOO_CLOSE,
} from './dive-site-rules';
import { DiveSitesRepository } from './dive-sites.repository';
import type { NearbyDiveSiteResponseDto, ProximityDiveSiteResponseDto } from './dto/dive-site.response.dto';

/**
 * How many sites within 50 km the similar-name check reads at most (nearest first). A bound on one
 * request's work; far above the density of any real coast (spatial-notes §8: median 1,894 centers
 * within 100 km at the densest coasts).
 */
const SIMILAR_NAME_CANDIDATES = 10_000;

/** What one nearby site was judged: its name similar to the new one or not (per name: pure). */
export type NameVerdicts = Map<string, boolean>;

interface ConflictDetailsRow {
  id: number | string;
  description: string | null;
  latitude: string | number;
  longitude: string | number;
}

/**
 * The spatial queries on dive sites (spatial-notes §8, DECISIONS.md D19, D21): the sites near a site,
 * the sites near a point, and the proximity rule a new site must pass. All of them use the spatial
 * index through database/spatial-search and see live sites only.
 */
@Injectable()
export class DiveSiteSpatialService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sites: DiveSitesRepository,
    private readonly difficulty: DifficultyService,
    private readonly access: DiveSiteAccessPolicy,
  ) {}

  /**
   * 409 with the offending sites when the new site would duplicate a live one (D19): within 50 m, or
   * within 50 km with a name `matches` calls similar. Reads only ids, names and distances of the
   * candidates (nearest first), then the listed ones' details, all on `em`. `verdicts` carries the
   * name comparisons from one call to the next, so a re-check compares only names not seen before.
   */
  async assertNotTooClose(
    matches: (candidate: string) => boolean,
    center: LatLng,
    em: EntityManager,
    verdicts: NameVerdicts,
  ): Promise<void> {
    const candidates = await findNearby<{ name: string }>(em, {
      flavour: flavourOfOptions(this.dataSource.options),
      table: 'dive_sites',
      columns: ['name'],
      where: { sql: '`deleted_at` IS NULL', params: [] },
      center,
      radiusM: SIMILAR_NAME_DISTANCE_M,
      limit: SIMILAR_NAME_CANDIDATES,
    });
    const similar = (name: string): boolean => {
      let verdict = verdicts.get(name);
      if (verdict === undefined) verdicts.set(name, (verdict = matches(name)));
      return verdict;
    };
    const conflicts = candidates
      .filter((c) => c.distance_m <= DUPLICATE_DISTANCE_M || similar(c.name))
      .slice(0, MAX_CONFLICTS_LISTED);
    if (conflicts.length === 0) return;
    const rows = await em.query<ConflictDetailsRow[]>(
      'SELECT id, description, latitude, longitude FROM dive_sites WHERE id IN (?)',
      [conflicts.map((c) => c.id)],
    );
    const details = new Map(rows.map((row) => [Number(row.id), row]));
    throw new ConflictException({
      message: TOO_CLOSE,
      detail: {
        message: TOO_CLOSE,
        nearby_sites: conflicts.flatMap((c) => {
          const row = details.get(Number(c.id));
          return row
            ? [toProximity({ ...row, id: Number(c.id), name: c.name, distance_m: c.distance_m })]
            : [];
        }),
      },
    });
  }

  /**
   * Live sites within 100 km of a site, nearest first, without the site itself and sites without
   * coordinates (expanding radius: spatial-notes §8).
   */
  async nearby(
    id: number,
    limit: number,
    caller: AuthenticatedUser | undefined,
  ): Promise<NearbyDiveSiteResponseDto[]> {
    const site = await this.access.requireVisibleSite(id, caller);
    if (site.latitude === null || site.longitude === null) throw new BadRequestException(NO_COORDINATES);
    const hits = await findNearbyExpanding(this.dataSource, {
      flavour: flavourOfOptions(this.dataSource.options),
      table: 'dive_sites',
      columns: [],
      where: { sql: '`deleted_at` IS NULL AND `id` <> ?', params: [id] },
      center: { lat: site.latitude, lng: site.longitude },
      radiusM: NEARBY_RADIUS_M,
      limit,
    });
    const ids = hits.map((h) => h.id);
    const rows = new Map((await this.sites.findRows(ids)).map((r) => [r.id, r]));
    const tags = groupTags(await this.sites.tagsFor(ids));
    const levels = await this.difficulty.list();
    return hits.flatMap((hit) => {
      const row = rows.get(hit.id);
      if (!row) return [];
      const difficulty = DifficultyService.summaryFrom(levels, row.difficulty_id);
      return [
        {
          id: row.id,
          name: row.name,
          description: row.description,
          latitude: decimal(row.latitude)!,
          longitude: decimal(row.longitude)!,
          ...difficulty,
          country: row.country,
          region: row.region,
          average_rating: decimal(row.average_rating),
          total_ratings: Number(row.total_ratings),
          tags: tags.get(row.id) ?? [],
          distance_km: round(hit.distance_m / 1000, 2),
        },
      ];
    });
  }

  /** At most 5 live sites within `radiusM` of a point, nearest first. */
  async checkProximity(lat: number, lng: number, radiusM: number): Promise<ProximityDiveSiteResponseDto[]> {
    const hits = await findNearby<{
      name: string;
      description: string | null;
      latitude: string | number;
      longitude: string | number;
    }>(this.dataSource, {
      flavour: flavourOfOptions(this.dataSource.options),
      table: 'dive_sites',
      columns: ['name', 'description', 'latitude', 'longitude'],
      where: { sql: '`deleted_at` IS NULL', params: [] },
      center: { lat, lng },
      radiusM,
      limit: PROXIMITY_LIMIT,
    });
    return hits.map(toProximity);
  }
}

function toProximity(hit: {
  id: number;
  name: string;
  description: string | null;
  latitude: string | number;
  longitude: string | number;
  distance_m: number;
}): ProximityDiveSiteResponseDto {
  return {
    id: hit.id,
    name: hit.name,
    description: hit.description,
    latitude: Number(hit.latitude),
    longitude: Number(hit.longitude),
    distance_m: round(hit.distance_m, 2),
  };
}
