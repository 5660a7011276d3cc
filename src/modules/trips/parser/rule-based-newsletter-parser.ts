import { CenterMatcher } from './center-matcher';
import { findDates, type DateMention } from './newsletter-dates';
import type {
  CenterCandidate,
  NewsletterParseContext,
  NewsletterParser,
  ParsedDiveDraft,
  ParsedNewsletter,
  ParsedTripDraft,
  PreparedCandidates,
  SiteCandidate,
} from './newsletter-parser';
import { readNewsletterSource } from './newsletter-source';
import { coreTokens, LEADING_WORDS, SiteMatcher, type SiteMatch } from './site-matcher';
import { EMOJI, foldSameLength, squash, tokenize } from './text-folding';
import {
  findDifficulty,
  findDiveCount,
  findDurations,
  findGroupSize,
  findOrdinalDives,
  findPrice,
  findRequirements,
  findTimes,
  isRequirementStatement,
  minutesBetween,
} from './trip-fields';

/**
 * The deterministic, rule-based newsletter parser (no external service).
 *
 * 1. MIME: a raw e-mail is read by mailparser (newsletter-source.ts); its Date header is the reference
 *    date for dates without a year, else the upload day.
 * 2. The text is cut into trip blocks. Every date (newsletter-dates.ts) that is not part of a period
 *    starts a block, which runs to the next date or the end of its paragraph; a date alone on its line
 *    ("🔹 Σάββατο 6 Μαρτίου", "5.6.2027 (Saturday)") takes the next paragraph too when its own ends
 *    there. A plain-text table (a header line naming at least three of day/time/site/dives/price) is
 *    read by columns, one trip per dated row. Forwarded-message headers and quote markers are ignored.
 * 3. A block is a trip when it talks about diving (a dive word, or a site) and says something concrete
 *    (a time, a price, a site or a number of dives), and its first line does not say there is no diving
 *    ("no diving", "ξεκούραση", "cancelled").
 * 4. Sites: names after a dive word and a preposition ("βουτιά στο ναυάγιο Πατρίς", "dives at Ladiko
 *    Bay and then Kallithea", "πάμε Λαζαρέτα"), after "1η βουτιά:", in a table's site column, the
 *    name that heads a dated line ("Sat 15 May – Britannic"), and known names/aliases written in the
 *    heading — each matched by SiteMatcher. A name that matches nothing is kept, as written, in its
 *    dive's description; no site is ever invented.
 * 5. Dives: "double dive"/"Διπλή βουτιά"/"2 βουτιές"/"two dives" or numbered dives give the count (at
 *    least one per site named), numbered dives their times ("1η βουτιά 09:30").
 * 6. The other fields come from trip-fields.ts; a note outside the trips about a site ("Elephant Cave:
 *    Advanced Open Water required") is added to the requirements of the trips that dive there.
 * 7. The same trip announced twice (same date and time, e.g. in Greek and in English) is one trip.
 * Trips come out in the order the newsletter announces them.
 */
export class RuleBasedNewsletterParser implements NewsletterParser {
  async prepare(
    sites: readonly SiteCandidate[],
    centers: readonly CenterCandidate[],
  ): Promise<PreparedCandidates> {
    return new RuleBasedCandidates(await SiteMatcher.prepare(sites), await CenterMatcher.prepare(centers));
  }

  async parse(content: string, context: NewsletterParseContext): Promise<ParsedNewsletter> {
    const candidates = context.prepared ?? candidatesOf(context.sites, context.centers);
    if (!(candidates instanceof RuleBasedCandidates))
      throw new Error('The candidates were prepared by another parser');
    const source = await readNewsletterSource(content, context.receivedAt);
    const text = prepareText(source.text);
    // Pasted text has no headers: its title (first line) and signature (last line) may name the center.
    const filled = source.isEmail ? [] : text.split('\n').filter((l) => l.trim() !== '');
    const centerId =
      context.divingCenterId ??
      candidates.centers.guess([...source.senderNames, source.subject, filled[0], filled[filled.length - 1]]);
    const trips = new TripExtractor(text, source.referenceDate, candidates.sites).extract();
    return {
      subject: source.subject,
      reference_date: source.referenceDate,
      diving_center_id: centerId,
      trips,
    };
  }
}

/** The rule-based parser's prepared candidates: the site matcher and the center matcher. */
class RuleBasedCandidates implements PreparedCandidates {
  readonly preparedBy = RuleBasedNewsletterParser.name;

  constructor(
    readonly sites: SiteMatcher,
    readonly centers: CenterMatcher,
  ) {}

  get sizes(): PreparedCandidates['sizes'] {
    return { siteLabels: this.sites.size, centers: this.centers.size };
  }
}

function candidatesOf(
  sites: readonly SiteCandidate[],
  centers: readonly CenterCandidate[],
): RuleBasedCandidates {
  return new RuleBasedCandidates(new SiteMatcher(sites), new CenterMatcher(centers));
}

// ------------------------------------------------------------------------------------ text preparing

const FORWARD_MARKER =
  /^\s*(?:-{2,}\s*(?:forwarded message|original message|προωθημένο μήνυμα|αρχικό μήνυμα)\s*-*|begin forwarded message:)\s*$/iu;
const QUOTED_HEADER = /^\s*[\p{L}][\p{L} -]{0,20}:\s/u;

/** Line ends, odd spaces, quote markers and the header lines of a forwarded message. */
export function prepareText(raw: string): string {
  const lines = raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u202F\u2007]/g, ' ')
    .replace(/[\u200B\u2060\uFEFF]/g, '')
    .replace(/\t/g, '  ')
    .split('\n')
    .map((line) => line.replace(/^(?:>\s?)+/, '').replace(/\s+$/, ''));
  for (let i = 0; i < lines.length; i++) {
    if (!FORWARD_MARKER.test(lines[i])) continue;
    for (let j = i + 1; j < lines.length && lines[j].trim() !== '' && QUOTED_HEADER.test(lines[j]); j++) {
      lines[j] = '';
    }
  }
  return lines.join('\n');
}

// ------------------------------------------------------------------------------------- trip blocks

interface Line {
  index: number;
  start: number;
  end: number;
  text: string;
  paragraph: number;
}

type Column = 'date' | 'time' | 'site' | 'dives' | 'price';

interface Unit {
  line: Line;
  start: number;
  end: number;
  anchor: DateMention | null;
  /** Cells by column, for a row of a table */
  cells?: Partial<Record<Column, string>>;
}

interface Block {
  anchor: DateMention;
  units: Unit[];
  paragraph: number;
  extended: boolean;
  tableRow: boolean;
}

interface SiteRef {
  position: number;
  siteId: number | null;
  written: string | null;
  diveNumber?: number;
}

const COLUMN_WORDS: Record<string, Column> = {
  day: 'date',
  date: 'date',
  ημερα: 'date',
  ημερομηνια: 'date',
  μερα: 'date',
  time: 'time',
  ωρα: 'time',
  departure: 'time',
  αναχωρηση: 'time',
  site: 'site',
  location: 'site',
  spot: 'site',
  destination: 'site',
  σημειο: 'site',
  τοποθεσια: 'site',
  προορισμοσ: 'site',
  dives: 'dives',
  βουτιεσ: 'dives',
  καταδυσεισ: 'dives',
  price: 'price',
  cost: 'price',
  τιμη: 'price',
  κοστοσ: 'price',
};

const DIVE_EVENT =
  /(?<![\p{L}])(?:βουτια|βουτιεσ|βουταμε|βουτηξουμε|καταδυση|καταδυσεισ|dive|dives|diving|snorkel\p{L}*)(?![\p{L}])(?!\s+(?:center|centre|club|shop|schedule|programme|program|team|trips?|sites?|computer|gear|insurance|school|travel)(?![\p{L}]))/u;
const NO_DIVING =
  /no diving|no dives|δεν εχει βουτια|χωρισ βουτιεσ|ξεκουραση|rest day|day off|closed|κλειστ|cancel|ακυρων|ακυρωθ/u;
const DIVE_WORD_AT =
  /(?<![\p{L}])(?:(?:βουτια|βουτιεσ|βουταμε|βουτηξουμε|καταδυση|καταδυσεισ|dives?|diving)\s+(?:στο|στη|στην|στον|στισ|στουσ|στα|σε|at|on|in|to|near|off|around)|παμε(?:\s+(?:στο|στη|στην|στον|στισ|στουσ|στα|σε))?)\s+/gu;
/** Words that end a site name ("στο ναυάγιο Πατρίς στην Κέα", "Κελύφο με το σκάφος"). */
const NAME_STOP_WORDS = new Set([
  'στο',
  'στη',
  'στην',
  'στον',
  'στισ',
  'στουσ',
  'στα',
  'σε',
  'με',
  'για',
  'απο',
  'μετα',
  'πριν',
  'κατα',
  'with',
  'for',
  'from',
  'after',
  'before',
  'at',
  'in',
  'near',
  'by',
  'off',
  'until',
  'during',
  'including',
]);
const CONJUNCTION = /\s+(?:and then|and|then|και μετα|και|&|\+)\s+|\s*[&+/]\s*/u;
/** A lower-case word that may sit inside a name ("Σπήλαιο των Ελεφάντων", "Bay of Pigs"). */
const NAME_CONNECTORS = new Set([
  'of',
  'de',
  'la',
  'el',
  'του',
  'τησ',
  'των',
  'τον',
  'την',
  'το',
  'τα',
  'στ',
]);
/** First words of a heading chunk that are not a site ("Sat 15 May – Departure 07:00"). */
const NOT_A_SITE = new Set([
  'departure',
  'meeting',
  'meet',
  'price',
  'cost',
  'time',
  'trip',
  'trips',
  'programme',
  'program',
  'schedule',
  'news',
  'update',
  'reminder',
  'note',
  'αναχωρηση',
  'ραντεβου',
  'κοστοσ',
  'τιμη',
  'εκδρομη',
  'εξορμηση',
  'προγραμμα',
  'νεα',
  'καλημερα',
  'καλησπερα',
]);
const DIVE_TYPE =
  '(?:(?:full moon|guided|single|double|triple|boat|shore|night|deep|wreck|drift|morning|afternoon|easy|relaxed|χαλαρη|διπλη|νυχτερινη|πρωινη|απογευματινη)\\s+)*(?:dives?|βουτια|βουτιεσ|καταδυση)';
/** A dive-type phrase opening or closing a heading chunk ("Keri Caves double dive", "Night dive"). */
const DIVE_TYPE_START = new RegExp(`^${DIVE_TYPE}(?![\\p{L}])\\s*`, 'u');
const DIVE_TYPE_END = new RegExp(`(?<![\\p{L}])${DIVE_TYPE}$`, 'u');
const DECORATION = /[*#=~_|•◦▪►▶➤>]+/gu;

function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(Math.max(0, end - start)) + text.slice(end);
}

/** Whether a written name looks like a site name rather than words of a sentence. */
function isNameLike(written: string): boolean {
  const tokens = tokenize(written);
  const core = coreTokens(tokens);
  if (core.length === 0 || tokens.length > 7) return false;
  if (NOT_A_SITE.has(core[0].text)) return false;
  const first = tokens.indexOf(core[0]);
  let capitalized = 0;
  for (const token of tokens.slice(first)) {
    const original = written.slice(token.start, token.end);
    if (/^\p{Lu}/u.test(original) || /^\p{N}/u.test(original)) capitalized++;
    // A lower-case word is allowed when it is a diving term or an article (not part of the core).
    else if (core.includes(token) && !NAME_CONNECTORS.has(token.text)) return false;
  }
  return capitalized > 0;
}

/** The end of a name that starts at `from` in `text` (see NAME_STOP_WORDS). */
function nameEnd(text: string, from: number): number {
  const folded = foldSameLength(text);
  const hard = /[\n,;:!?()[\]–—|·"«»]|\s-\s|\p{N}|(?<![\s.][\p{Lu}\p{Ll}]{1,3})\.(?=\s|$)/gu;
  hard.lastIndex = from;
  let end = text.length;
  const stop = hard.exec(text);
  if (stop) end = stop.index;
  for (const token of tokenize(text.slice(from, end))) {
    if (NAME_STOP_WORDS.has(folded.slice(from + token.start, from + token.end))) return from + token.start;
  }
  const emoji = new RegExp(EMOJI.source, 'gu');
  emoji.lastIndex = from;
  const e = emoji.exec(text);
  return e && e.index < end ? e.index : end;
}

/** Names written in `segment` (split at "and", "&", "+"), with their offsets. */
function splitNames(segment: string, offset: number): Array<{ written: string; position: number }> {
  const out: Array<{ written: string; position: number }> = [];
  let rest = segment;
  let at = offset;
  while (rest.length > 0) {
    const m = CONJUNCTION.exec(rest);
    const part = m ? rest.slice(0, m.index) : rest;
    const lead = part.length - part.trimStart().length;
    const trimmed = part.trim().replace(/[\s.]+$/u, '');
    // "at Kavouri", "στο ακρωτήρι Ζέζα": the name starts after its preposition or article.
    const leading = tokenize(trimmed).find((t) => !LEADING_WORDS.has(t.text));
    const written = leading ? trimmed.slice(leading.start) : '';
    if (written && isNameLike(written)) out.push({ written, position: at + lead });
    if (!m) break;
    at += m.index + m[0].length;
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

class TripExtractor {
  private readonly lines: Line[];
  private readonly matches = new Map<string, SiteMatch | null>();

  constructor(
    private readonly text: string,
    private readonly referenceDate: string,
    private readonly matcher: SiteMatcher,
  ) {
    this.lines = [];
    let start = 0;
    let paragraph = 0;
    let previousBlank = true;
    for (const [index, lineText] of text.split('\n').entries()) {
      const isBlank = lineText.trim() === '';
      if (!isBlank && previousBlank) paragraph++;
      previousBlank = isBlank;
      if (!isBlank)
        this.lines.push({ index, start, end: start + lineText.length, text: lineText, paragraph });
      start += lineText.length + 1;
    }
  }

  /** SiteMatcher.match, once per written name (a newsletter often names a site more than once). */
  private match(written: string): SiteMatch | null {
    let match = this.matches.get(written);
    if (match === undefined) {
      match = this.matcher.match(written);
      this.matches.set(written, match);
    }
    return match;
  }

  extract(): ParsedTripDraft[] {
    const dates = findDates(this.text, this.referenceDate).filter((d) => !d.range);
    const units = this.units(dates);
    const { blocks, free } = this.blocks(units);
    const notes = this.siteNotes(free);
    const trips: Array<ParsedTripDraft & { key: string }> = [];
    for (const block of blocks) {
      const trip = this.trip(block, notes);
      if (!trip) continue;
      const key = `${trip.trip_date}|${trip.trip_time ?? ''}`;
      const same = trips.find((t) => t.key === key);
      if (same) mergeInto(same, trip);
      else trips.push({ ...trip, key });
    }
    return trips.map(({ key: _key, ...trip }) => trip);
  }

  /** Lines, split where a second date starts something new ("… Sat 5/4: X. Sun 6/4: Y."). */
  private units(dates: DateMention[]): Unit[] {
    const tables = this.tableColumns();
    const units: Unit[] = [];
    for (const line of this.lines) {
      const inLine = dates.filter((d) => d.start >= line.start && d.start < line.end);
      const columns = tables.get(line.index);
      if (columns) {
        units.push({
          line,
          start: line.start,
          end: line.end,
          anchor: inLine[0] ?? null,
          cells: this.cells(line, columns),
        });
        continue;
      }
      let current: Unit = { line, start: line.start, end: line.end, anchor: inLine[0] ?? null };
      units.push(current);
      for (const d of inLine.slice(1)) {
        const between = this.text.slice(current.anchor!.end, d.start);
        if ((between.match(/\p{L}/gu) ?? []).length < 4) continue;
        current.end = d.start;
        current = { line, start: d.start, end: line.end, anchor: d };
        units.push(current);
      }
    }
    return units;
  }

  /** Rows of plain-text tables: line index → column start offsets (see COLUMN_WORDS). */
  private tableColumns(): Map<number, Array<{ column: Column; at: number }>> {
    const rows = new Map<number, Array<{ column: Column; at: number }>>();
    for (let i = 0; i < this.lines.length; i++) {
      const header = this.lines[i];
      const columns: Array<{ column: Column; at: number }> = [];
      for (const token of tokenize(header.text)) {
        const column = COLUMN_WORDS[token.text];
        if (column && !columns.some((c) => c.column === column)) columns.push({ column, at: token.start });
      }
      const words = tokenize(header.text).length;
      if (columns.length < 3 || words > columns.length + 2) continue;
      for (let j = i + 1; j < this.lines.length && this.lines[j].paragraph === header.paragraph; j++) {
        rows.set(this.lines[j].index, columns);
      }
    }
    return rows;
  }

  private cells(line: Line, columns: Array<{ column: Column; at: number }>): Partial<Record<Column, string>> {
    const cells: Partial<Record<Column, string>> = {};
    for (const m of line.text.matchAll(/\S+(?:\s\S+)*/gu)) {
      const column = [...columns].reverse().find((c) => c.at <= m.index + 2) ?? columns[0];
      cells[column.column] = cells[column.column] ? `${cells[column.column]} ${m[0]}` : m[0];
    }
    return cells;
  }

  private blocks(units: Unit[]): { blocks: Block[]; free: Unit[] } {
    const blocks: Block[] = [];
    const free: Unit[] = [];
    let current: Block | null = null;
    for (const unit of units) {
      if (unit.anchor) {
        current = {
          anchor: unit.anchor,
          units: [unit],
          paragraph: unit.line.paragraph,
          extended: false,
          tableRow: !!unit.cells,
        };
        blocks.push(current);
        continue;
      }
      if (current && !current.tableRow && unit.line.paragraph === current.paragraph) {
        current.units.push(unit);
        continue;
      }
      if (
        current &&
        !current.tableRow &&
        !current.extended &&
        current.units.length === 1 &&
        unit.line.paragraph === current.paragraph + 1 &&
        this.isDateOnly(current.units[0])
      ) {
        current.paragraph = unit.line.paragraph;
        current.extended = true;
        current.units.push(unit);
        continue;
      }
      current = null;
      free.push(unit);
    }
    return { blocks, free };
  }

  private unitText(unit: Unit): string {
    return this.text.slice(unit.start, unit.end);
  }

  /** A line that holds its date and nothing else ("🔹 Σάββατο 6 Μαρτίου", "5.6.2027 (Saturday)"). */
  private isDateOnly(unit: Unit): boolean {
    const anchor = unit.anchor!;
    const rest = blank(this.unitText(unit), anchor.start - unit.start, anchor.end - unit.start);
    return !/[\p{L}\p{N}]/u.test(rest.replace(EMOJI, ''));
  }

  /** Whether the date opens its line (after bullets, emoji and an article): the line is a heading. */
  private dateOpensLine(unit: Unit): boolean {
    const before = this.text.slice(unit.start, unit.anchor!.start).replace(EMOJI, '').replace(DECORATION, '');
    return /^[\s\-–—:.,]*(?:(?:την|το|τη|on|this)\s+)?$/iu.test(foldSameLength(before));
  }

  /** Notes outside any trip that set a requirement for a site ("Elephant Cave: AOW required"). */
  private siteNotes(free: Unit[]): Array<{ siteId: number; text: string }> {
    const notes: Array<{ siteId: number; text: string }> = [];
    for (const unit of free) {
      const line = squash(this.unitText(unit).replace(EMOJI, ' ').replace(DECORATION, ' '));
      const m = /^([^:]{3,60}?)\s*:\s*(.+)$/u.exec(line);
      if (!m || !isRequirementStatement(m[2])) continue;
      const match = this.match(m[1]);
      if (match && (match.level === 'name' || match.level === 'alias' || match.level === 'core')) {
        notes.push({ siteId: match.siteId, text: line });
      }
    }
    return notes;
  }

  private trip(block: Block, notes: Array<{ siteId: number; text: string }>): ParsedTripDraft | null {
    const first = block.units[0];
    const start = first.start;
    const end = block.units[block.units.length - 1].end;
    const blockText = this.text.slice(start, end);
    const folded = foldSameLength(blockText);
    const cells = first.cells;
    const firstText = this.unitText(first);
    if (NO_DIVING.test(foldSameLength(firstText))) return null;

    const sites = this.siteRefs(block, blockText, start);
    const ordinals = this.ordinalDives(blockText, start);
    const tableCount = cells?.dives && /^\d{1,2}$/.test(cells.dives.trim()) ? Number(cells.dives) : null;
    const count = tableCount ?? findDiveCount(blockText);
    const times = findTimes(cells ? (cells.time ?? '') : blockText);
    const tripTime = times.find((t) => !t.isReturn)?.time ?? null;
    const price = cells?.price ? (findPrice(cells.price) ?? findPrice(blockText)) : findPrice(blockText);
    const hasDiving = DIVE_EVENT.test(folded) || sites.length > 0;
    const concrete = tripTime !== null || price !== null || sites.length > 0 || count !== null;
    if (!hasDiving || !concrete) return null;

    const lines = block.units.map((u) => this.unitText(u));
    const durations = findDurations(blockText);
    const returnTime = findTimes(blockText).find((t) => t.isReturn)?.time;
    const tripDuration =
      durations.trip ?? (tripTime && returnTime ? minutesBetween(tripTime, returnTime) : null);

    const maxOrdinal = Math.max(0, ...ordinals.map((o) => o.number));
    const diveCount = Math.max(count ?? 1, maxOrdinal, sites.length);
    const unassigned = sites.filter((s) => s.diveNumber === undefined);
    const dives: ParsedDiveDraft[] = [];
    for (let n = 1; n <= diveCount; n++) {
      const numbered = sites.find((s) => s.diveNumber === n);
      const site =
        numbered ??
        (unassigned.length === 1
          ? unassigned[0]
          : (unassigned[n - 1] ?? unassigned[unassigned.length - 1])) ??
        (sites.length === 1 ? sites[0] : undefined);
      dives.push({
        dive_number: n,
        dive_site_id: site?.siteId ?? null,
        dive_site_name: site?.written ? truncate(site.written, MAX_SITE_NAME_LENGTH) : null,
        dive_time: ordinals.find((o) => o.number === n && o.time)?.time ?? null,
        dive_duration: durations.dive,
        dive_description:
          site && site.siteId === null && site.written ? truncate(site.written, MAX_SITE_NAME_LENGTH) : null,
      });
    }

    const siteIds = new Set(dives.map((d) => d.dive_site_id).filter((id): id is number => id !== null));
    const requirements = [
      findRequirements(lines),
      ...notes.filter((n) => siteIds.has(n.siteId)).map((n) => n.text),
    ]
      .filter((r): r is string => !!r)
      .filter((r, i, all) => all.indexOf(r) === i);

    return {
      trip_date: block.anchor.date,
      trip_time: tripTime,
      trip_duration: tripDuration,
      trip_price: price?.amount ?? null,
      trip_currency: price?.currency ?? 'EUR',
      group_size_limit: findGroupSize(blockText),
      trip_difficulty_code: findDifficulty(lines),
      special_requirements:
        requirements.length > 0 ? truncate(requirements.join(' '), MAX_REQUIREMENTS_LENGTH) : null,
      trip_description:
        truncate(
          (block.tableRow ? [squash(firstText)] : lines.map((l) => l.trim())).join('\n'),
          MAX_DESCRIPTION_LENGTH,
        ) || null,
      dives,
    };
  }

  /** Numbered dives ("1η βουτιά 09:30", "2nd dive: Elephant Cave") with their time or site name. */
  private ordinalDives(
    blockText: string,
    offset: number,
  ): Array<{ number: number; time: string | null; name: { written: string; position: number } | null }> {
    return findOrdinalDives(blockText).map((o) => {
      const lineEnd = blockText.indexOf('\n', o.restStart);
      const rest = blockText.slice(o.restStart, lineEnd < 0 ? blockText.length : lineEnd);
      const time = /^\s*[:\-–]?\s*(?:at|στισ|στις)?\s*/iu.exec(rest)!;
      const timeHere = findTimes(rest).find((t) => t.start === time[0].length);
      if (timeHere) return { number: o.number, time: timeHere.time, name: null };
      const nameStart = o.restStart + (/^\s*[:\-–]\s*/u.exec(rest)?.[0].length ?? -1);
      if (nameStart < o.restStart) return { number: o.number, time: null, name: null };
      const end = nameEnd(blockText, nameStart);
      const [name] = splitNames(blockText.slice(nameStart, end), offset + nameStart);
      return { number: o.number, time: null, name: name ?? null };
    });
  }

  /** The sites of a trip in the order it names them (see step 4 of the file comment). */
  private siteRefs(block: Block, blockText: string, offset: number): SiteRef[] {
    const first = block.units[0];
    const refs: SiteRef[] = [];
    const addWritten = (written: string, position: number, diveNumber?: number) => {
      const match = this.match(written);
      refs.push({ position, siteId: match?.siteId ?? null, written, diveNumber });
    };

    // The heading: the dated line, or the line after a date that stands alone.
    const headingUnit = this.isDateOnly(first) ? block.units[1] : first;
    const headingIsTitle = !!headingUnit && (headingUnit !== first || this.dateOpensLine(first));
    if (first.cells?.site) {
      const cell = first.cells.site;
      const found = this.text.indexOf(cell, first.start);
      const at = found >= 0 ? found : first.start;
      for (const chunk of this.headingChunks(cell, true)) {
        for (const n of splitNames(chunk.text, at + chunk.at)) addWritten(n.written, n.position);
      }
    } else if (headingUnit && headingIsTitle) {
      let heading = this.unitText(headingUnit);
      if (headingUnit === first)
        heading = blank(heading, first.anchor!.start - first.start, first.anchor!.end - first.start);
      const [chunk] = this.headingChunks(heading, false);
      if (chunk)
        for (const n of splitNames(chunk.text, headingUnit.start + chunk.at))
          addWritten(n.written, n.position);
    }

    // Names after a dive word and a preposition, anywhere in the trip.
    const folded = foldSameLength(blockText);
    for (const m of folded.matchAll(DIVE_WORD_AT)) {
      const from = m.index + m[0].length;
      const end = nameEnd(blockText, from);
      for (const n of splitNames(blockText.slice(from, end), offset + from))
        addWritten(n.written, n.position);
    }

    // Numbered dives naming their site.
    for (const o of this.ordinalDives(blockText, offset)) {
      if (o.name) addWritten(o.name.written, o.name.position, o.number);
    }

    // Known names and aliases written in the heading lines.
    for (const unit of headingUnit && headingUnit !== first ? [first, headingUnit] : [first]) {
      const unitText = this.unitText(unit);
      for (const mention of this.matcher.findInText(unitText)) {
        refs.push({
          position: unit.start + mention.start,
          siteId: mention.siteId,
          written: unitText.slice(mention.start, mention.end),
        });
      }
    }

    return dedupeSites(refs);
  }

  /**
   * The chunks of a heading that may name its site: times, prices, emoji and decorations removed,
   * parentheses set aside, split at dashes, colons, commas...; a dive-type phrase at either end is
   * dropped ("Keri Caves double dive" → "Keri Caves"), a chunk still talking about a dive is not a name.
   * Only the first chunk counts for a heading ("Patris wreck, Kea (full day)": Kea is where, not what);
   * a table cell gives all of its chunks ("Night dive – Lazareta").
   */
  private headingChunks(heading: string, all: boolean): Array<{ text: string; at: number }> {
    let h = heading;
    for (const t of findTimes(h)) h = blank(h, t.start, t.end);
    h = h.replace(EMOJI, (m) => ' '.repeat(m.length)).replace(DECORATION, (m) => ' '.repeat(m.length));
    h = h.replace(/\([^)]*\)/gu, (m) => ' '.repeat(m.length));
    h = h.replace(/(?:€|\$|£)\s?\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?\s?(?:€|\$|£|eur\b|ευρώ)/giu, (m) =>
      ' '.repeat(m.length),
    );
    const chunks: Array<{ text: string; at: number }> = [];
    const separator = /[–—|:·,;!?]|\s-\s|(?<=\p{L}{4,})\.(?=\s|$)/gu;
    let from = 0;
    for (const m of [...h.matchAll(separator), null]) {
      const to = m ? m.index : h.length;
      const raw = h.slice(from, to);
      from = m ? m.index + m[0].length : h.length;
      const lead = raw.length - raw.trimStart().length;
      let text = raw.trim();
      const f = foldSameLength(text);
      let at = lead;
      const opening = DIVE_TYPE_START.exec(f);
      if (opening) {
        text = text.slice(opening[0].length);
        at += opening[0].length;
      }
      const closing = DIVE_TYPE_END.exec(foldSameLength(text));
      if (closing) text = text.slice(0, closing.index);
      text = text.trim();
      if (!/\p{L}/u.test(text)) continue;
      if (!DIVE_EVENT.test(foldSameLength(text))) chunks.push({ text, at });
      if (!all) break;
    }
    return chunks;
  }
}

/** A site once: the same matched site, or the same unmatched name (compared by its core words). */
function siteKey(ref: SiteRef): string {
  if (ref.siteId !== null) return `#${ref.siteId}`;
  return coreTokens(tokenize(ref.written ?? ''))
    .map((t) => t.stem)
    .join(' ');
}

/**
 * Lengths of the text the parser returns: a trip's own text is a paragraph or two; a longer one is cut
 * (with "…") so a pathological upload still fits the TEXT columns.
 */
export const MAX_DESCRIPTION_LENGTH = 4000;
export const MAX_REQUIREMENTS_LENGTH = 2000;
export const MAX_SITE_NAME_LENGTH = 255;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function mergeDescriptions(a: string | null, b: string): string {
  return truncate(`${a ?? ''}\n\n${b}`.trim(), MAX_DESCRIPTION_LENGTH);
}

function dedupeSites(refs: SiteRef[]): SiteRef[] {
  const sorted = [...refs].sort((a, b) => a.position - b.position);
  const out: SiteRef[] = [];
  for (const ref of sorted) {
    const key = siteKey(ref);
    const same = out.find((o) => siteKey(o) === key);
    if (same) {
      same.diveNumber ??= ref.diveNumber;
      continue;
    }
    out.push({ ...ref });
  }
  return out;
}

/** Fills what the first announcement of a trip left out from its repetition. */
function mergeInto(target: ParsedTripDraft, other: ParsedTripDraft): void {
  target.trip_duration ??= other.trip_duration;
  if (target.trip_price === null && other.trip_price !== null) {
    target.trip_price = other.trip_price;
    target.trip_currency = other.trip_currency;
  }
  target.group_size_limit ??= other.group_size_limit;
  target.trip_difficulty_code ??= other.trip_difficulty_code;
  target.special_requirements ??= other.special_requirements;
  const known = (t: ParsedTripDraft) => t.dives.filter((d) => d.dive_site_id !== null).length;
  if (other.dives.length > target.dives.length || known(other) > known(target)) target.dives = other.dives;
  if (other.trip_description && target.trip_description !== other.trip_description) {
    target.trip_description = mergeDescriptions(target.trip_description, other.trip_description);
  }
}
