import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { mapBounded, type BoundedList, type ListWindow } from '../../common/pagination/bounded-list';
import { assertMediaUrls, MEDIA_NOT_FOUND } from './dive-rules';
import { toDiveMediaResponse } from './dive.mapper';
import { DivesRepository } from './dives.repository';
import { DivesService } from './dives.service';
import type { CreateDiveMediaDto } from './dto/create-dive-media.dto';
import type { DiveMediaResponseDto } from './dto/dive-media.response.dto';
import type { UpdateDiveMediaDto } from './dto/update-dive-media.dto';

/**
 * A dive's media (links: uploads are out of scope). Read under the dive's privacy rule (403 "This
 * dive is private" for another user's private dive); written by the dive's owner only (others 404
 * "Dive not found", as for every owner-only dive write).
 */
@Injectable()
export class DiveMediaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dives: DivesService,
    private readonly repository: DivesRepository,
  ) {}

  /** A window of the dive's media, oldest first, and their total. */
  async list(
    diveId: number,
    caller: AuthenticatedUser | undefined,
    window: ListWindow,
  ): Promise<BoundedList<DiveMediaResponseDto>> {
    await this.dives.readableRow(diveId, caller);
    return mapBounded(await this.repository.mediaPage(diveId, window), toDiveMediaResponse);
  }

  async create(
    diveId: number,
    dto: CreateDiveMediaDto,
    caller: AuthenticatedUser,
  ): Promise<DiveMediaResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.dives.requireEditable(diveId, caller, em);
      assertMediaUrls(dto);
      const [id] = await this.dives.insertMedia(diveId, [dto], em);
      return this.read(diveId, id, em);
    });
  }

  /** Changes the description and/or title (absent: unchanged; null: cleared). */
  async update(
    diveId: number,
    mediaId: number,
    dto: UpdateDiveMediaDto,
    caller: AuthenticatedUser,
  ): Promise<DiveMediaResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.dives.requireEditable(diveId, caller, em);
      await this.read(diveId, mediaId, em);
      if (dto.description !== undefined) {
        await em.query('UPDATE dive_media SET description = ? WHERE id = ?', [dto.description, mediaId]);
      }
      if (dto.title !== undefined) {
        await em.query('UPDATE dive_media SET title = ? WHERE id = ?', [dto.title, mediaId]);
      }
      return this.read(diveId, mediaId, em);
    });
  }

  async remove(diveId: number, mediaId: number, caller: AuthenticatedUser): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.dives.requireEditable(diveId, caller, em);
      const result = await em.query<{ affectedRows: number }>(
        'DELETE FROM dive_media WHERE id = ? AND dive_id = ?',
        [mediaId, diveId],
      );
      if (!result.affectedRows) throw new NotFoundException(MEDIA_NOT_FOUND);
    });
  }

  private async read(diveId: number, mediaId: number, em: EntityManager): Promise<DiveMediaResponseDto> {
    const row = await this.repository.findMedia(diveId, mediaId, em);
    if (!row) throw new NotFoundException(MEDIA_NOT_FOUND);
    return toDiveMediaResponse(row);
  }
}
