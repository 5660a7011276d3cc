/**
 * The newsletter parser contract: turns one newsletter (plain text or a raw e-mail) into the trips
 * and dives it announces. Implementations are pure with respect to the application — no Nest, no
 * database: the sites (with aliases) and centers to match against come in the context. The rule-based
 * parser is the one we have; a second implementation (e.g. a model behind an HTTP endpoint configured
 * by environment) can implement the same interface later.
 */

export const NEWSLETTER_DIFFICULTY_CODES = [
  'OPEN_WATER',
  'ADVANCED_OPEN_WATER',
  'DEEP_NITROX',
  'TECHNICAL_DIVING',
] as const;
export type NewsletterDifficultyCode = (typeof NEWSLETTER_DIFFICULTY_CODES)[number];

/** A dive site the parser may match: its name and its aliases. */
export interface SiteCandidate {
  id: number;
  name: string;
  aliases: readonly string[];
}

/** A diving center the parser may attribute the newsletter to. */
export interface CenterCandidate {
  id: number;
  name: string;
}

/**
 * The sites and centers prepared for matching by a parser's prepare(): immutable, so one preparation
 * serves any number of parses (and may be cached while the sites and centers do not change). Opaque:
 * only the parser that prepared them reads them.
 */
export interface PreparedCandidates {
  /** The parser that prepared them */
  readonly preparedBy: string;
  /** How many site names and aliases, and centers, they hold */
  readonly sizes: { readonly siteLabels: number; readonly centers: number };
}

interface ParseOptions {
  /** When the newsletter reached us (upload time): the reference date when there is no e-mail Date header. */
  receivedAt: Date;
  /** An explicit center (parse-text parameter or stored metadata): wins over any guess. */
  divingCenterId?: number | null;
}

/** What a parse matches against: the sites and centers as lists, or as prepare() made them ready. */
export type NewsletterParseContext = ParseOptions &
  (
    | { sites: readonly SiteCandidate[]; centers: readonly CenterCandidate[]; prepared?: undefined }
    | { prepared: PreparedCandidates }
  );

export interface ParsedDiveDraft {
  dive_number: number;
  /** The matched site, or null when no site matched (the name as written is then in the description). */
  dive_site_id: number | null;
  /** The site name as the newsletter writes it, when it names one. */
  dive_site_name: string | null;
  /** `HH:MM` */
  dive_time: string | null;
  /** Minutes */
  dive_duration: number | null;
  dive_description: string | null;
}

export interface ParsedTripDraft {
  /** `YYYY-MM-DD` */
  trip_date: string;
  /** `HH:MM` */
  trip_time: string | null;
  /** Minutes */
  trip_duration: number | null;
  trip_price: number | null;
  /** ISO 4217 code (EUR when the text does not say). */
  trip_currency: string;
  group_size_limit: number | null;
  trip_difficulty_code: NewsletterDifficultyCode | null;
  special_requirements: string | null;
  trip_description: string | null;
  dives: ParsedDiveDraft[];
}

export interface ParsedNewsletter {
  /** The e-mail Subject, decoded; null for plain text. */
  subject: string | null;
  /** `YYYY-MM-DD`: year-less dates resolve to their next occurrence on or after this day. */
  reference_date: string;
  diving_center_id: number | null;
  trips: ParsedTripDraft[];
}

export interface NewsletterParser {
  /**
   * Prepares sites and centers for many parses (the work every parse would otherwise redo: folding,
   * indexing); may yield to the event loop while it works. The result goes in `context.prepared`.
   */
  prepare(sites: readonly SiteCandidate[], centers: readonly CenterCandidate[]): Promise<PreparedCandidates>;
  parse(content: string, context: NewsletterParseContext): Promise<ParsedNewsletter>;
}
