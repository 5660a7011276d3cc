import { BadRequestException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DiveTripsService } from './dive-trips.service';
import type {
  DeleteNewslettersResponseDto,
  NewsletterParseResponseDto,
  NewsletterResponseDto,
} from './dto/newsletter.response.dto';
import { Newsletter } from './entities/newsletter.entity';
import { ParsedDiveTrip } from './entities/parsed-dive-trip.entity';
import { NEWSLETTER_PARSER } from './newsletter-parser.token';
import { ParseContextCache } from './parse-context.cache';
import type { NewsletterParser, ParsedNewsletter } from './parser/newsletter-parser';
import { TripsRepository, type NewsletterRow } from './trips.repository';
import { MessageResponseDto } from '../../common/http/message.response.dto';

export { NEWSLETTER_PARSER };
export const NEWSLETTER_NOT_FOUND = 'Newsletter not found';
export const ONLY_TXT = 'Only .txt files are supported';
/** The upload limit (DECISIONS.md D24): larger files are a 413. */
export const MAX_UPLOAD_BYTES = 1024 * 1024;

/** The marker parse-text puts in front of the stored text when it names the center (spec/api.md §11). */
const METADATA = /^\s*<!--\s*DIVEMAP_METADATA:\s*diving_center_id=(\d+)\s*-->\s*\n?/;

/** A file as the upload interceptor hands it over (multer's memory storage). */
export interface UploadedTextFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}

export function toNewsletterResponse(row: NewsletterRow): NewsletterResponseDto {
  return {
    id: row.id,
    content: row.content,
    received_at: row.received_at,
    trips_count: Number(row.trips_count),
  };
}

/** The stored text without the metadata marker, and the center the marker names. */
export function splitMetadata(stored: string): { content: string; divingCenterId: number | null } {
  const m = METADATA.exec(stored);
  return m
    ? { content: stored.slice(m[0].length), divingCenterId: Number(m[1]) }
    : { content: stored, divingCenterId: null };
}

/**
 * The text of an uploaded file: a `.txt` name, valid UTF-8 (a byte-order mark is dropped), no binary
 * control characters, not empty — else a 400 before anything is stored. The size limit is enforced
 * while the file streams in (413).
 */
export function readUploadedText(file: UploadedTextFile | undefined): string {
  if (!file) throw new BadRequestException('No file uploaded (multipart field "file")');
  if (!/\.txt$/i.test(file.originalname)) throw new BadRequestException(ONLY_TXT);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(file.buffer);
  } catch {
    throw new BadRequestException('The file is not valid UTF-8 text');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000E-\u001F\u007F]/.test(text))
    throw new BadRequestException('The file is not a text file');
  if (text.trim() === '') throw new BadRequestException('The file is empty');
  return text;
}

/**
 * Newsletters (spec/api.md §11): stored as received, parsed into trips by the NewsletterParser (the
 * rule-based one; `use_openai` is accepted and ignored, D24). Parsing happens before the transaction
 * (against the sites and centers ParseContextCache keeps prepared, then in memory); the newsletter and
 * its trips are written in one transaction (a few multi-row INSERTs), and a reparse replaces the old
 * trips in one transaction. A parser failure keeps the newsletter (and, on reparse, the old trips) and
 * says so in the message.
 */
@Injectable()
export class NewslettersService {
  private readonly logger = new Logger(NewslettersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NEWSLETTER_PARSER) private readonly parser: NewsletterParser,
    private readonly trips: TripsRepository,
    private readonly diveTrips: DiveTripsService,
    private readonly parseContext: ParseContextCache,
  ) {}

  async upload(file: UploadedTextFile | undefined): Promise<NewsletterParseResponseDto> {
    const stored = readUploadedText(file);
    const { divingCenterId } = splitMetadata(stored);
    const override =
      divingCenterId !== null && (await this.trips.centerExists(divingCenterId)) ? divingCenterId : null;
    const result = await this.store(stored, override);
    return {
      ...result,
      message:
        result.error === undefined
          ? `Newsletter uploaded and parsed successfully. ${result.trips_created} trips created.`
          : `Newsletter uploaded but parsing failed: ${result.error}`,
    };
  }

  async parseText(content: string, divingCenterId?: number): Promise<NewsletterParseResponseDto> {
    if (divingCenterId !== undefined && !(await this.trips.centerExists(divingCenterId))) {
      throw new BadRequestException(`Diving center with ID ${divingCenterId} not found`);
    }
    const stored =
      divingCenterId !== undefined
        ? `<!-- DIVEMAP_METADATA: diving_center_id=${divingCenterId} -->\n${splitMetadata(content).content}`
        : content;
    const result = await this.store(stored, divingCenterId ?? null);
    return {
      ...result,
      message:
        result.error === undefined
          ? `Newsletter parsed successfully. ${result.trips_created} trips created.`
          : `Newsletter stored but parsing failed: ${result.error}`,
    };
  }

  async list(limit: number, offset: number): Promise<NewsletterResponseDto[]> {
    return (await this.trips.listNewsletters(limit, offset)).map(toNewsletterResponse);
  }

  async get(id: number): Promise<NewsletterResponseDto> {
    const row = await this.trips.findNewsletter(id);
    if (!row) throw new NotFoundException(NEWSLETTER_NOT_FOUND);
    return toNewsletterResponse(row);
  }

  async update(id: number, content: string | undefined): Promise<NewsletterResponseDto> {
    const repo = this.dataSource.getRepository(Newsletter);
    if (!(await repo.exists({ where: { id } }))) throw new NotFoundException(NEWSLETTER_NOT_FOUND);
    if (content !== undefined) await repo.update({ id }, { content });
    return this.get(id);
  }

  /** Deletes a newsletter and its trips (their dives cascade) in one transaction. */
  async remove(id: number): Promise<MessageResponseDto> {
    const deletedTrips = await this.dataSource.transaction(async (em) => {
      const newsletter = await em
        .getRepository(Newsletter)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!newsletter) throw new NotFoundException(NEWSLETTER_NOT_FOUND);
      const trips = await em.getRepository(ParsedDiveTrip).delete({ sourceNewsletterId: id });
      await em.getRepository(Newsletter).delete({ id });
      return trips.affected ?? 0;
    });
    return { message: `Newsletter and ${deletedTrips} associated trips deleted successfully` };
  }

  /** Deletes these newsletters (unknown ids are skipped) and their trips, in one transaction. */
  async removeMany(ids: number[]): Promise<DeleteNewslettersResponseDto> {
    const unique = [...new Set(ids)];
    const { newsletters, trips } = await this.dataSource.transaction(async (em) => {
      const deletedTrips = await em
        .createQueryBuilder()
        .delete()
        .from(ParsedDiveTrip)
        .where('source_newsletter_id IN (:...ids)', { ids: unique })
        .execute();
      const deleted = await em
        .createQueryBuilder()
        .delete()
        .from(Newsletter)
        .where('id IN (:...ids)', { ids: unique })
        .execute();
      return { newsletters: deleted.affected ?? 0, trips: deletedTrips.affected ?? 0 };
    });
    return {
      deleted_count: newsletters,
      deleted_trips_count: trips,
      message: `Successfully deleted ${newsletters} newsletters and ${trips} associated trips`,
    };
  }

  /** Parses the stored text again and replaces the newsletter's trips in one transaction. */
  async reparse(id: number): Promise<NewsletterParseResponseDto> {
    const newsletter = await this.dataSource.getRepository(Newsletter).findOne({ where: { id } });
    if (!newsletter) throw new NotFoundException(NEWSLETTER_NOT_FOUND);
    const { divingCenterId } = splitMetadata(newsletter.content);
    const override =
      divingCenterId !== null && (await this.trips.centerExists(divingCenterId)) ? divingCenterId : null;
    const parsed = await this.tryParse(newsletter.content, newsletter.receivedAt, override);
    if ('error' in parsed) {
      return {
        newsletter_id: id,
        trips_created: 0,
        trips_deleted: 0,
        message: `Newsletter re-parsing failed: ${parsed.error}. The existing trips were kept.`,
      };
    }
    const { deleted, created } = await this.dataSource.transaction(async (em) => {
      const locked = await em
        .getRepository(Newsletter)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!locked) throw new NotFoundException(NEWSLETTER_NOT_FOUND);
      const old = await em.getRepository(ParsedDiveTrip).delete({ sourceNewsletterId: id });
      const count = await this.diveTrips.insertDrafts(
        parsed.result.trips,
        id,
        parsed.result.diving_center_id,
        em,
      );
      return { deleted: old.affected ?? 0, created: count };
    });
    return {
      newsletter_id: id,
      trips_created: created,
      trips_deleted: deleted,
      message: `Newsletter re-parsed successfully. ${deleted} old trips deleted, ${created} new trips created.`,
    };
  }

  /** Parses, then stores the newsletter and its trips in one transaction. */
  private async store(
    stored: string,
    divingCenterId: number | null,
  ): Promise<{ newsletter_id: number; trips_created: number; error?: string }> {
    const receivedAt = new Date();
    const parsed = await this.tryParse(stored, receivedAt, divingCenterId);
    return this.dataSource.transaction(async (em) => {
      const newsletter = em.getRepository(Newsletter).create({ content: stored, receivedAt });
      await em.getRepository(Newsletter).insert(newsletter);
      if ('error' in parsed) return { newsletter_id: newsletter.id, trips_created: 0, error: parsed.error };
      const created = await this.diveTrips.insertDrafts(
        parsed.result.trips,
        newsletter.id,
        parsed.result.diving_center_id,
        em,
      );
      return { newsletter_id: newsletter.id, trips_created: created };
    });
  }

  private async tryParse(
    stored: string,
    receivedAt: Date,
    divingCenterId: number | null,
  ): Promise<{ result: ParsedNewsletter } | { error: string }> {
    try {
      const prepared = await this.parseContext.get();
      const result = await this.parser.parse(splitMetadata(stored).content, {
        receivedAt,
        divingCenterId,
        prepared,
      });
      return { result };
    } catch (error) {
      this.logger.error({ err: error }, 'Newsletter parsing failed');
      return { error: error instanceof Error ? error.message : 'unknown error' };
    }
  }
}
