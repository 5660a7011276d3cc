import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DifficultyModule } from '../difficulty/difficulty.module';
import { DiveTripsController } from './dive-trips.controller';
import { DiveTripsService } from './dive-trips.service';
import { Newsletter } from './entities/newsletter.entity';
import { ParsedDive } from './entities/parsed-dive.entity';
import { ParsedDiveTrip } from './entities/parsed-dive-trip.entity';
import { NEWSLETTER_PARSER } from './newsletter-parser.token';
import { NewslettersService } from './newsletters.service';
import { ParseContextCache } from './parse-context.cache';
import { NewslettersController } from './newsletters.controller';
import { RuleBasedNewsletterParser } from './parser/rule-based-newsletter-parser';
import { TripsRepository } from './trips.repository';

/**
 * Newsletters, the newsletter parser and the dive trips parsed from them (spec/api.md §11). Sites,
 * aliases, centers and dives are read through this module's own read-only queries (TripsRepository).
 * DiveTripsController is registered first so `/newsletters/trips` is not taken for `/newsletters/{id}`.
 * The parser is provided under NEWSLETTER_PARSER so another implementation can replace it; the sites
 * and centers it matches against are prepared once and reused while they do not change
 * (ParseContextCache).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Newsletter, ParsedDiveTrip, ParsedDive]), DifficultyModule],
  controllers: [DiveTripsController, NewslettersController],
  providers: [
    DiveTripsService,
    NewslettersService,
    TripsRepository,
    ParseContextCache,
    { provide: NEWSLETTER_PARSER, useClass: RuleBasedNewsletterParser },
  ],
  exports: [DiveTripsService],
})
export class TripsModule {}
