import { foldSameLength } from './text-folding';

/**
 * Dates as newsletters write them, in English and Greek:
 * - numeric day-first with a year: `12/3/2027`, `12-03-2027`, `12.3.2027` (the same separator twice);
 * - numeric day/month without a year: `12/3` (slash only: `12.3` and `12-3` are too often a decimal,
 *   a range or a depth);
 * - a day and a month name: `12 March`, `12th of March`, `March 12th`, `Sat 12 Mar`, `12 Μαρτίου`
 *   (Greek genitive), `12 Μάρτιος`, `12 Μαρ.`, optionally followed by a year;
 * - a weekday alone (`Saturday`, `ΣΑΒΒΑΤΟ`, `την Κυριακή`), written with a capital: the next such day;
 * - `αύριο` / `tomorrow`.
 * A weekday written next to a date ("Sat 15 May", "5.6.2027 (Saturday)") belongs to that date.
 * A date without a year is the next occurrence on or after the reference date (the newsletter's own
 * date, never "today"). Two dates joined by a dash or "to/until/έως" are a period, not an anchor.
 * Matching runs on the folded text (lower case, no accents), whose positions are the original's.
 */

export interface DateMention {
  start: number;
  end: number;
  /** `YYYY-MM-DD` */
  date: string;
  kind: 'date' | 'weekday' | 'relative';
  /** Part of a period ("5/4 – 11/4/2027"): not a trip date. */
  range: boolean;
}

const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
  ιανουαριου: 1,
  ιανουαριοσ: 1,
  ιαν: 1,
  φεβρουαριου: 2,
  φεβρουαριοσ: 2,
  φεβ: 2,
  μαρτιου: 3,
  μαρτιοσ: 3,
  μαρ: 3,
  απριλιου: 4,
  απριλιοσ: 4,
  απρ: 4,
  μαιου: 5,
  μαιοσ: 5,
  μαησ: 5,
  μαι: 5,
  ιουνιου: 6,
  ιουνιοσ: 6,
  ιουν: 6,
  ιουλιου: 7,
  ιουλιοσ: 7,
  ιουλ: 7,
  αυγουστου: 8,
  αυγουστοσ: 8,
  αυγ: 8,
  σεπτεμβριου: 9,
  σεπτεμβριοσ: 9,
  σεπτ: 9,
  σεπ: 9,
  οκτωβριου: 10,
  οκτωβριοσ: 10,
  οκτ: 10,
  νοεμβριου: 11,
  νοεμβριοσ: 11,
  νοεμ: 11,
  νοε: 11,
  δεκεμβριου: 12,
  δεκεμβριοσ: 12,
  δεκ: 12,
};

/** Weekday numbers as Date.getUTCDay() gives them (0 = Sunday); full names and their Greek genitives. */
const WEEKDAYS: Record<string, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  κυριακη: 0,
  κυριακησ: 0,
  δευτερα: 1,
  δευτερασ: 1,
  τριτη: 2,
  τριτησ: 2,
  τεταρτη: 3,
  τεταρτησ: 3,
  πεμπτη: 4,
  πεμπτησ: 4,
  παρασκευη: 5,
  παρασκευησ: 5,
  σαββατο: 6,
  σαββατου: 6,
};
/** Abbreviations: only next to a date ("Sat 15 May", "Κυρ. 2/5"), never alone ("the sun"). */
const WEEKDAY_ABBREVIATIONS = [
  'sun',
  'mon',
  'tue',
  'tues',
  'wed',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'κυρ',
  'δευ',
  'τρι',
  'τετ',
  'πεμ',
  'παρ',
  'σαβ',
];

const byLength = (words: string[]) => [...words].sort((a, b) => b.length - a.length).join('|');
const MONTH = `(${byLength(Object.keys(MONTHS))})`;
const ANY_WEEKDAY = `(?:${byLength([...Object.keys(WEEKDAYS), ...WEEKDAY_ABBREVIATIONS])})\\.?`;
const NOT_LETTER_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_LETTER_AFTER = '(?![\\p{L}])';
const YEAR = '(?:,?\\s+(\\d{4})(?!\\d))?';

const DAY_MONTH = new RegExp(
  `${NOT_LETTER_BEFORE}(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?\\s+${MONTH}\\.?${NOT_LETTER_AFTER}${YEAR}`,
  'gu',
);
const MONTH_DAY = new RegExp(
  `${NOT_LETTER_BEFORE}${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?![\\p{L}\\d])${YEAR}`,
  'gu',
);
const NUMERIC_WITH_YEAR = /(?<![\d.,/:-])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)/gu;
const NUMERIC_NO_YEAR = /(?<![\d.,/:-])(\d{1,2})\/(\d{1,2})(?![\d/])/gu;
/** "7/5 mm", "3/4 m": a measure, not a date. */
const UNIT_AFTER = /^\s*(?:mm|cm|m|μ|°|%|l|lt|bar)(?![\p{L}])/u;
const WEEKDAY_WORD = new RegExp(
  `${NOT_LETTER_BEFORE}(${byLength(Object.keys(WEEKDAYS))})${NOT_LETTER_AFTER}`,
  'gu',
);
const WEEKDAY_BEFORE = new RegExp(
  `${NOT_LETTER_BEFORE}(?:(?:την|το|τη|on|this|next)\\s+)?${ANY_WEEKDAY}[\\s,.:–-]*$`,
  'u',
);
const WEEKDAY_AFTER = new RegExp(`^\\s*[(,]?\\s*${ANY_WEEKDAY}\\)?`, 'u');
const TOMORROW = /(?<![\p{L}])(αυριο|tomorrow)(?![\p{L}])/gu;
const RANGE_BETWEEN = /^\s*(?:[-–—]|to|until|till|through|εωσ|μεχρι)\s*$/u;

const pad = (n: number) => String(n).padStart(2, '0');

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The next `month`/`day` on or after `reference` (29 February: the next leap year). */
export function nextOccurrence(month: number, day: number, reference: string): string | null {
  const refYear = Number(reference.slice(0, 4));
  for (let year = refYear; year <= refYear + 8; year++) {
    if (isValidDate(year, month, day) && iso(year, month, day) >= reference) return iso(year, month, day);
  }
  return null;
}

/** The next `weekday` (0 = Sunday) on or after `reference`. */
export function nextWeekday(weekday: number, reference: string): string {
  const current = new Date(`${reference}T00:00:00Z`).getUTCDay();
  return addDays(reference, (weekday - current + 7) % 7);
}

/** Years a trip can be in: a four-digit number outside these is not a trip's year ("1/1/0001"). */
const MIN_YEAR = 1970;
const MAX_YEAR = 2100;

function resolve(day: number, month: number, year: string | undefined, reference: string): string | null {
  if (year) {
    const y = Number(year);
    return y >= MIN_YEAR && y <= MAX_YEAR && isValidDate(y, month, day) ? iso(y, month, day) : null;
  }
  return nextOccurrence(month, day, reference);
}

function startsWithCapital(original: string): boolean {
  return /^\p{Lu}/u.test(original);
}

/** Every date mention of `text`, in order (see the file comment). */
export function findDates(text: string, reference: string): DateMention[] {
  const folded = foldSameLength(text);
  const found: DateMention[] = [];
  const add = (start: number, end: number, date: string | null, kind: DateMention['kind']) => {
    if (date) found.push({ start, end, date, kind, range: false });
  };

  for (const m of folded.matchAll(NUMERIC_WITH_YEAR)) {
    add(m.index, m.index + m[0].length, resolve(Number(m[1]), Number(m[3]), m[4], reference), 'date');
  }
  for (const m of folded.matchAll(NUMERIC_NO_YEAR)) {
    if (UNIT_AFTER.test(folded.slice(m.index + m[0].length))) continue;
    add(m.index, m.index + m[0].length, resolve(Number(m[1]), Number(m[2]), undefined, reference), 'date');
  }
  for (const m of folded.matchAll(DAY_MONTH)) {
    add(m.index, m.index + m[0].length, resolve(Number(m[1]), MONTHS[m[2]], m[3], reference), 'date');
  }
  for (const m of folded.matchAll(MONTH_DAY)) {
    add(m.index, m.index + m[0].length, resolve(Number(m[2]), MONTHS[m[1]], m[3], reference), 'date');
  }

  // Overlaps (e.g. "12 Mar 2027" found twice): keep the earliest, then the longest.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const dates: DateMention[] = [];
  for (const f of found) {
    const last = dates[dates.length - 1];
    if (last && f.start < last.end) continue;
    dates.push(f);
  }

  // A weekday next to a date belongs to it.
  for (const d of dates) {
    const before = WEEKDAY_BEFORE.exec(folded.slice(Math.max(0, d.start - 20), d.start));
    if (before) d.start -= before[0].length;
    const after = WEEKDAY_AFTER.exec(folded.slice(d.end, d.end + 16));
    if (after) d.end += after[0].length;
  }

  const taken = (start: number, end: number) => dates.some((d) => start < d.end && end > d.start);
  const extra: DateMention[] = [];
  for (const m of folded.matchAll(TOMORROW)) {
    let end = m.index + m[0].length;
    const weekday = /^\s+(\p{L}+)/u.exec(folded.slice(end));
    if (weekday && WEEKDAYS[weekday[1]] !== undefined) end += weekday[0].length;
    if (!taken(m.index, end))
      extra.push({ start: m.index, end, date: addDays(reference, 1), kind: 'relative', range: false });
  }
  for (const m of folded.matchAll(WEEKDAY_WORD)) {
    const end = m.index + m[0].length;
    if (taken(m.index, end) || extra.some((e) => m.index < e.end && end > e.start)) continue;
    if (!startsWithCapital(text.slice(m.index, end))) continue;
    extra.push({
      start: m.index,
      end,
      date: nextWeekday(WEEKDAYS[m[1]], reference),
      kind: 'weekday',
      range: false,
    });
  }

  const all = [...dates, ...extra].sort((a, b) => a.start - b.start);
  for (let i = 1; i < all.length; i++) {
    if (all[i - 1].kind === 'date' && all[i].kind === 'date') {
      if (RANGE_BETWEEN.test(folded.slice(all[i - 1].end, all[i].start))) {
        all[i - 1].range = true;
        all[i].range = true;
      }
    }
  }
  return all;
}
