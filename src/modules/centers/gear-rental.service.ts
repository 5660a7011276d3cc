import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { BoundedList, ListWindow } from '../../common/pagination/bounded-list';
import { DivingCentersService } from './diving-centers.service';
import type { CreateGearRentalDto } from './dto/create-gear-rental.dto';
import type { GearRentalResponseDto } from './dto/gear-rental.response.dto';
import type { UpdateGearRentalDto } from './dto/update-gear-rental.dto';
import { GearRentalCost } from './entities/gear-rental-cost.entity';

export const GEAR_RENTAL_NOT_FOUND = 'Gear rental not found';

export function toGearRentalResponse(gear: GearRentalCost): GearRentalResponseDto {
  return {
    id: gear.id,
    diving_center_id: gear.divingCenterId,
    item_name: gear.itemName,
    cost: gear.cost,
    currency: gear.currency,
    created_at: gear.createdAt,
    updated_at: gear.updatedAt,
  };
}

/** A center's gear rental price list (spec/api.md §7, with the PUT of DECISIONS.md D20). */
@Injectable()
export class GearRentalService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly centers: DivingCentersService,
  ) {}

  /** A window of a center's gear rental prices in the order they were added, and their total. */
  async list(centerId: number, window: ListWindow): Promise<BoundedList<GearRentalResponseDto>> {
    await this.centers.requireExists(centerId);
    const [rows, total] = await this.dataSource.getRepository(GearRentalCost).findAndCount({
      where: { divingCenterId: centerId },
      order: { id: 'ASC' },
      take: window.limit,
      skip: window.offset,
    });
    return { items: rows.map(toGearRentalResponse), total };
  }

  async add(centerId: number, dto: CreateGearRentalDto): Promise<GearRentalResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.centers.requireExists(centerId, em, true);
      const repo = em.getRepository(GearRentalCost);
      const gear = repo.create({
        divingCenterId: centerId,
        itemName: dto.item_name,
        cost: dto.cost,
        currency: dto.currency ?? 'EUR',
      });
      await repo.insert(gear);
      return toGearRentalResponse(await repo.findOneOrFail({ where: { id: gear.id } }));
    });
  }

  async update(centerId: number, gearId: number, dto: UpdateGearRentalDto): Promise<GearRentalResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(GearRentalCost);
      await this.requireGear(centerId, gearId, em);
      const changes: Partial<GearRentalCost> = {};
      if (dto.item_name !== undefined) changes.itemName = dto.item_name;
      if (dto.cost !== undefined) changes.cost = dto.cost;
      if (dto.currency !== undefined) changes.currency = dto.currency;
      if (Object.keys(changes).length > 0) await repo.update({ id: gearId }, changes);
      return toGearRentalResponse(await repo.findOneOrFail({ where: { id: gearId } }));
    });
  }

  async remove(centerId: number, gearId: number): Promise<void> {
    await this.centers.requireExists(centerId);
    const result = await this.dataSource
      .getRepository(GearRentalCost)
      .delete({ id: gearId, divingCenterId: centerId });
    if (!result.affected) throw new NotFoundException(GEAR_RENTAL_NOT_FOUND);
  }

  private async requireGear(centerId: number, gearId: number, em: EntityManager): Promise<void> {
    await this.centers.requireExists(centerId, em);
    const found = await em
      .getRepository(GearRentalCost)
      .exists({ where: { id: gearId, divingCenterId: centerId } });
    if (!found) throw new NotFoundException(GEAR_RENTAL_NOT_FOUND);
  }
}
