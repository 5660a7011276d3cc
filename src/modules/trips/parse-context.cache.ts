import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { NEWSLETTER_PARSER } from './newsletter-parser.token';
import type { NewsletterParser, PreparedCandidates } from './parser/newsletter-parser';
import { TripsRepository } from './trips.repository';

/** A prepared set unused this long is dropped (newsletters come in bursts, then not for days). */
export const PARSE_CONTEXT_IDLE_MS = 10 * 60 * 1000;

interface Entry {
  fingerprint: string;
  prepared: PreparedCandidates;
}

/**
 * What every newsletter parse matches against — all live sites with their aliases and all centers —
 * prepared by the parser once (NewsletterParser.prepare: folding, stemming, indexing) and reused while
 * nothing changed. Before each parse one cheap statement reads the fingerprint of those rows
 * (TripsRepository.parseContextFingerprint): a changed fingerprint reloads and re-prepares, so a site,
 * alias or center created, renamed, archived or deleted anywhere (by any process) is seen by the next
 * parse. The rows and their fingerprint are read in one snapshot, so a prepared set is always stored
 * under the fingerprint of exactly the rows it was made from.
 *
 * Bounded: one prepared set at most (the previous one is dropped before a reload starts, loads run one
 * at a time, and parses arriving meanwhile wait for it), released after PARSE_CONTEXT_IDLE_MS unused.
 * Its size grows with the candidates, measured at 100,000 sites with 25,000 aliases and 200,000
 * centers: 41 MB of heap for the sites (about 330 bytes a name or alias) and 17 MB for the centers
 * (about 85 bytes each), 58 MB in all; a reload briefly adds the rows being read (57 MB there).
 */
@Injectable()
export class ParseContextCache implements OnModuleDestroy {
  private entry: Entry | undefined;
  private loading: Promise<Entry> | undefined;
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly trips: TripsRepository,
    @Inject(NEWSLETTER_PARSER) private readonly parser: NewsletterParser,
  ) {}

  /** The prepared candidates of the sites, aliases and centers as they are now. */
  async get(): Promise<PreparedCandidates> {
    const fingerprint = await this.trips.parseContextFingerprint();
    this.touch();
    if (this.entry?.fingerprint === fingerprint) return this.entry.prepared;
    // One load at a time: the one under way may be made from these very rows.
    while (this.loading) {
      const loaded = await this.loading.catch(() => undefined);
      if (loaded?.fingerprint === fingerprint) return loaded.prepared;
    }
    return (await this.load()).prepared;
  }

  /** Drops the prepared set (the next parse loads again). */
  clear(): void {
    this.entry = undefined;
  }

  onModuleDestroy(): void {
    clearTimeout(this.idle);
    this.entry = undefined;
  }

  private load(): Promise<Entry> {
    this.entry = undefined;
    const loading = (async () => {
      try {
        const { fingerprint, sites, centers } = await this.trips.loadFingerprintedParseContext();
        const entry = { fingerprint, prepared: await this.parser.prepare(sites, centers) };
        this.entry = entry;
        return entry;
      } finally {
        this.loading = undefined;
      }
    })();
    this.loading = loading;
    return loading;
  }

  private touch(): void {
    if (this.idle) this.idle.refresh();
    else {
      this.idle = setTimeout(() => {
        this.entry = undefined;
        this.idle = undefined;
      }, PARSE_CONTEXT_IDLE_MS);
      this.idle.unref();
    }
  }
}
