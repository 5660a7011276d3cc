import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DifficultyLevel } from './entities/difficulty-level.entity';

/** The difficulty codes the API speaks (spec/database.md); new levels are rows, not code changes. */
export const DIFFICULTY_CODES = [
  'OPEN_WATER',
  'ADVANCED_OPEN_WATER',
  'DEEP_NITROX',
  'TECHNICAL_DIVING',
] as const;
export type DifficultyCode = (typeof DIFFICULTY_CODES)[number];

export interface DifficultySummary {
  difficulty_code: string | null;
  difficulty_label: string | null;
}

/**
 * The difficulty_levels lookup: the API always speaks `difficulty_code` + `difficulty_label`, never
 * the numeric id. The table is seed data (a handful of rows), read once and kept in memory.
 */
@Injectable()
export class DifficultyService {
  private cache?: Promise<DifficultyLevel[]>;

  constructor(@InjectRepository(DifficultyLevel) private readonly levels: Repository<DifficultyLevel>) {}

  /** All levels ordered by order_index. */
  list(): Promise<DifficultyLevel[]> {
    this.cache ??= this.levels.find({ order: { orderIndex: 'ASC' } }).catch((error: unknown) => {
      this.cache = undefined;
      throw error;
    });
    return this.cache;
  }

  async byCode(code: string): Promise<DifficultyLevel | undefined> {
    return (await this.list()).find((l) => l.code === code);
  }

  async byId(id: number | null | undefined): Promise<DifficultyLevel | undefined> {
    if (id === null || id === undefined) return undefined;
    return (await this.list()).find((l) => l.id === id);
  }

  /**
   * The id for a code from a request body: null clears, undefined leaves unchanged, an unknown code is
   * a 422 naming the field (bodies validate the code; DTOs usually catch it first with @IsIn).
   */
  async idForCode(
    code: string | null | undefined,
    field = 'difficulty_code',
  ): Promise<number | null | undefined> {
    if (code === undefined || code === null) return code;
    const level = await this.byCode(code);
    if (!level) {
      throw new UnprocessableEntityException({
        message: 'Validation failed',
        detail: [
          {
            loc: ['body', field],
            msg: `must be one of ${(await this.list()).map((l) => l.code).join(', ')}`,
            type: 'enum',
          },
        ],
      });
    }
    return level.id;
  }

  /** `difficulty_code` and `difficulty_label` for a row's difficulty_id. */
  async summary(id: number | null | undefined): Promise<DifficultySummary> {
    const level = await this.byId(id);
    return { difficulty_code: level?.code ?? null, difficulty_label: level?.label ?? null };
  }

  /** Synchronous variant for mapping many rows once the levels are loaded (see list()). */
  static summaryFrom(levels: DifficultyLevel[], id: number | null | undefined): DifficultySummary {
    const level = id === null || id === undefined ? undefined : levels.find((l) => l.id === id);
    return { difficulty_code: level?.code ?? null, difficulty_label: level?.label ?? null };
  }
}
