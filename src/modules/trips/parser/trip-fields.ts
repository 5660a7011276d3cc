import type { NewsletterDifficultyCode } from './newsletter-parser';
import { foldSameLength, squash } from './text-folding';

/**
 * The fields of one trip, read from the text of that trip (its block). Each function works on the
 * original text and matches on its folded form (lower case, no accents) at the same positions.
 */

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}])';

// ---------------------------------------------------------------------------------------------- times

export interface TimeMention {
  start: number;
  end: number;
  /** `HH:MM` */
  time: string;
  /** "back by 13:30", "επιστροφή 14:00": when the trip ends */
  isReturn: boolean;
}

const MERIDIEM = '(a\\.?m\\.?|p\\.?m\\.?|π\\.?\\s?μ\\.?|μ\\.?\\s?μ\\.?)';
const TIME = new RegExp(
  `(?<![\\d.:/,])([01]?\\d|2[0-3])(?::([0-5]\\d)|\\.([0-5]\\d)(?=\\s*${MERIDIEM}))(?:\\s*${MERIDIEM}(?![\\p{L}]))?(?![\\d])` +
    `|(?<![\\d.:/,])(1[0-2]|0?[1-9])\\s*(am|pm)(?![\\p{L}])`,
  'gu',
);
const RETURN_BEFORE =
  /(?:return(?:ing)?|back|επιστροφη|επιστρεφουμε|until|εωσ|finish(?:es)?|end(?:s)?)(?![\p{L}])[^\n\d]{0,30}$/u;

function to24h(hours: number, minutes: number, meridiem: string | undefined): string {
  let h = hours;
  const m = meridiem?.replace(/[.\s]/g, '');
  if (m === 'pm' || m === 'μμ') h = h < 12 ? h + 12 : h;
  if ((m === 'am' || m === 'πμ') && h === 12) h = 0;
  return `${String(h).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

export function findTimes(text: string): TimeMention[] {
  const folded = foldSameLength(text);
  const out: TimeMention[] = [];
  for (const m of folded.matchAll(TIME)) {
    const time =
      m[1] !== undefined
        ? to24h(Number(m[1]), Number(m[2] ?? m[3]), m[5] ?? m[4])
        : to24h(Number(m[6]), 0, m[7]);
    const before = folded.slice(Math.max(0, m.index - 40), m.index);
    out.push({ start: m.index, end: m.index + m[0].length, time, isReturn: RETURN_BEFORE.test(before) });
  }
  return out;
}

export function minutesBetween(from: string, to: string): number | null {
  const [fh, fm] = from.split(':').map(Number);
  const [th, tm] = to.split(':').map(Number);
  const minutes = th * 60 + tm - (fh * 60 + fm);
  return minutes > 0 ? minutes : null;
}

// ----------------------------------------------------------------------------------------- durations

const DURATION = new RegExp(
  `${B}(\\d{1,3}(?:[.,]5)?)\\s*(ωρεσ|ωρα|ωρων|hours?|hrs?|h|λεπτα|λεπτων|minutes|mins?|')${E}`,
  'gu',
);
/** Words before an amount of time that make it the trip's duration ("approx. 2 hours"). */
const TRIP_DURATION_CUE = /(?:διαρκεια|duration|approx\.?|about|around|περιπου|~|lasts?|total)[\s:.]*$/u;
/** ...or the dive's ("planned runtime around 180 minutes"). */
const DIVE_DURATION_CUE =
  /(?:runtime|run time|bottom time|dive time|διαρκεια βουτιασ|χρονοσ βουτιασ)(?![\p{L}])[^\n\d]{0,25}$/u;

function durationMinutes(amount: string, unit: string): number {
  const n = Number(amount.replace(',', '.'));
  return Math.round(/^(ωρ|hour|hr|h)/.test(unit) ? n * 60 : n);
}

/** Minutes stated for the trip and for (each of) its dives. */
export function findDurations(text: string): { trip: number | null; dive: number | null } {
  const folded = foldSameLength(text);
  let trip: number | null = null;
  let dive: number | null = null;
  for (const m of folded.matchAll(DURATION)) {
    const before = folded.slice(Math.max(0, m.index - 40), m.index);
    const minutes = durationMinutes(m[1], m[2]);
    if (minutes < 1 || minutes > 1440) continue;
    if (DIVE_DURATION_CUE.test(before)) dive ??= minutes;
    else if (TRIP_DURATION_CUE.test(before)) trip ??= minutes;
  }
  return { trip, dive };
}

// -------------------------------------------------------------------------------------------- prices

export interface Price {
  amount: number;
  currency: string;
}

const AMOUNT = '(\\d{1,5}(?:[.,]\\d{1,2})?)';
const CURRENCY_CODES: Record<string, string> = {
  '€': 'EUR',
  eur: 'EUR',
  euro: 'EUR',
  euros: 'EUR',
  ευρω: 'EUR',
  $: 'USD',
  usd: 'USD',
  dollar: 'USD',
  dollars: 'USD',
  '£': 'GBP',
  gbp: 'GBP',
  pound: 'GBP',
  pounds: 'GBP',
};
const PRICE = new RegExp(
  `(?:(€|\\$|£|${B}eur${E}|${B}usd${E}|${B}gbp${E})\\s?${AMOUNT}(?![\\d])` +
    `|(?<![\\d.,])${AMOUNT}\\s?(€|\\$|£|ευρω${E}|euros?${E}|eur${E}|usd${E}|gbp${E}|dollars?${E}|pounds?${E}))`,
  'gu',
);
/** A price in a clause about these is not the divers' price (snorkellers, rental, extras). */
const NOT_THE_TRIP_PRICE =
  /snorkel|non-divers?|συνοδ|rental|ενοικιασ|extra|επιπλεον|deposit|προκαταβολ|per day|\/day|την ημερα/u;

function clauseAround(folded: string, start: number, end: number): string {
  const left = Math.max(
    folded.lastIndexOf('\n', start),
    folded.lastIndexOf('. ', start),
    folded.lastIndexOf('·', start),
  );
  const rightCandidates = ['\n', '. ', '·'].map((s) => folded.indexOf(s, end)).filter((i) => i >= 0);
  const right = rightCandidates.length > 0 ? Math.min(...rightCandidates) : folded.length;
  return folded.slice(left + 1, right);
}

/** The divers' price: the first amount with a currency that is not an add-on or someone else's price. */
export function findPrice(text: string): Price | null {
  const folded = foldSameLength(text);
  for (const m of folded.matchAll(PRICE)) {
    if (folded[m.index - 1] === '+') continue;
    if (NOT_THE_TRIP_PRICE.test(clauseAround(folded, m.index, m.index + m[0].length))) continue;
    const symbol = (m[1] ?? m[4]).trim();
    const amount = Number((m[2] ?? m[3]).replace(',', '.'));
    if (!Number.isFinite(amount)) continue;
    return { amount, currency: CURRENCY_CODES[symbol] ?? 'EUR' };
  }
  return null;
}

// ---------------------------------------------------------------------------------------- group size

const NOT_A_HEADCOUNT =
  "(?!\\s*(?:m|μ|μετρ\\p{L}*|meters?|metres?|°|%|min|mins|minutes|λεπτ\\p{L}*|'|bar|kg|[/.:]\\d))";
const GROUP_SIZE = [
  new RegExp(
    `${B}(?:max\\.?|maximum|up to|μεγιστοσ αριθμοσ[^:\\d\\n]{0,30}:?|εωσ|μεχρι|group size:?\\s*(?:max\\.?)?)\\s*(\\d{1,3})${NOT_A_HEADCOUNT}(?![\\d])`,
    'gu',
  ),
  new RegExp(`${B}(\\d{1,3})\\s*(?:θεσεισ|places|spots|seats)${E}`, 'gu'),
  new RegExp(`${B}(?:θεσεισ|διαθεσιμοτητα|places|group size)\\s*:?\\s*(\\d{1,3})(?![\\d])`, 'gu'),
];
/** "4 places left", "έχουν μείνει 4 θέσεις": what is still free, not the group size. */
const REMAINING = /left|remaining|still|μεινει|μενουν|απομενουν|διαθεσιμεσ μονο/u;

export function findGroupSize(text: string): number | null {
  const folded = foldSameLength(text);
  let best: { index: number; size: number } | null = null;
  for (const pattern of GROUP_SIZE) {
    for (const m of folded.matchAll(pattern)) {
      const around = folded.slice(Math.max(0, m.index - 25), m.index + m[0].length + 15);
      const size = Number(m[1]);
      if (REMAINING.test(around) || size < 1 || size > 500) continue;
      if (!best || m.index < best.index) best = { index: m.index, size };
    }
  }
  return best?.size ?? null;
}

// -------------------------------------------------------------------------------------- requirements

const REQUIREMENT_LABEL =
  /^(?:requirements?|prerequisites?|απαιτησεισ|απαιτηση|προαπαιτουμενα|προυποθεσεισ)\s*:\s*/u;
const DIFFICULTY_LABEL = /^(?:level|difficulty(?: level)?|επιπεδο|δυσκολια)\s*:\s*(.+)$/u;
const CERTIFICATION =
  /(?<![\p{L}])(?:open water|advanced|aowd?|owd|rescue|divemaster|dive master|nitrox|trimix|night diver|deep (?:specialty|diver)|cmas|padi|ssi|tdi|iantd|gue|naui|certification|πιστοποιηση|διπλωμα|logged dives|απαιτειται|απαιτουνται|required)(?![\p{L}])/u;
const NO_REQUIREMENT =
  /no (?:certification|experience|license)|without (?:certification|experience)|not required|no previous|δεν απαιτειται|χωρισ (?:διπλωμα|πιστοποιηση|εμπειρια)/u;
const LEADING_DECORATION = /^[\s*•◦▪►▶➤\-–—·>|#🔹🔸🤿✅👉]+/u;

function cleanLine(line: string): string {
  return line.replace(LEADING_DECORATION, '').trim();
}

/** Sentences of a line: split after . ! ? ; and at · (a sentence never ends inside "incl." or "μ."). */
function sentences(line: string): string[] {
  return line
    .split(/(?<=[.!?;])\s+(?=\S)|\s+·\s+/u)
    .map((s) => s.replace(/^[\s,;:–—-]+/u, '').trim())
    .filter((s) => s.length > 0);
}

/**
 * The requirement statements of a trip: lines labelled "Requirements:"/"Απαιτήσεις:" when there are
 * any, else the sentences that mention a certification or say what is required — not "no certification
 * needed", not a "Level:"/"Difficulty:" line (that is the difficulty).
 */
export function findRequirements(lines: readonly string[]): string | null {
  const labelled: string[] = [];
  const mentioned: string[] = [];
  for (const raw of lines) {
    const line = cleanLine(raw);
    const folded = foldSameLength(line);
    if (DIFFICULTY_LABEL.test(folded)) continue;
    const label = REQUIREMENT_LABEL.exec(folded);
    if (label) {
      labelled.push(squash(line.slice(label[0].length)));
      continue;
    }
    for (const sentence of sentences(line)) {
      const f = foldSameLength(sentence);
      const inner = REQUIREMENT_LABEL.exec(f);
      if (inner) labelled.push(squash(sentence.slice(inner[0].length)));
      else if (CERTIFICATION.test(f) && !NO_REQUIREMENT.test(f)) mentioned.push(squash(sentence));
    }
  }
  const chosen = labelled.length > 0 ? labelled : mentioned;
  return chosen.length > 0 ? chosen.join(' ') : null;
}

/** Whether a sentence states a requirement (used for notes about a site outside any trip). */
export function isRequirementStatement(text: string): boolean {
  const f = foldSameLength(text);
  return CERTIFICATION.test(f) && !NO_REQUIREMENT.test(f);
}

// ---------------------------------------------------------------------------------------- difficulty

const DIFFICULTY_VALUES: Array<[RegExp, NewsletterDifficultyCode]> = [
  [/technical|tec\b|trimix|τεχνικ/u, 'TECHNICAL_DIVING'],
  [/deep|nitrox|βαθ/u, 'DEEP_NITROX'],
  [/advanced|intermediate|aowd?|προχωρημεν|μετρι/u, 'ADVANCED_OPEN_WATER'],
  [/open water|beginner|easy|owd?|αρχαρ|ευκολ/u, 'OPEN_WATER'],
];

/** The difficulty when a line states it ("Level: Technical", "Difficulty: Deep/Nitrox", "Επίπεδο: ..."). */
export function findDifficulty(lines: readonly string[]): NewsletterDifficultyCode | null {
  for (const raw of lines) {
    const label = DIFFICULTY_LABEL.exec(foldSameLength(cleanLine(raw)));
    if (!label) continue;
    const found = DIFFICULTY_VALUES.find(([pattern]) => pattern.test(label[1]));
    if (found) return found[1];
  }
  return null;
}

// ----------------------------------------------------------------------------------------- dive count

const DIVE_NOUN = '(?:dives?|βουτια|βουτιεσ|καταδυση|καταδυσεισ)';
const COUNT_WORDS: Record<string, number> = {
  one: 1,
  single: 1,
  μια: 1,
  μονη: 1,
  double: 2,
  two: 2,
  διπλη: 2,
  διπλεσ: 2,
  δυο: 2,
  triple: 3,
  three: 3,
  τριπλη: 3,
  τρεισ: 3,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
};
const COUNT = new RegExp(
  `${B}(${Object.keys(COUNT_WORDS)
    .sort((a, b) => b.length - a.length)
    .join('|')})\\s+(?:[\\p{L}-]+\\s+)?${DIVE_NOUN}${E}`,
  'gu',
);
const ORDINAL_WORDS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  πρωτη: 1,
  δευτερη: 2,
  τριτη: 3,
};
const ORDINAL = new RegExp(
  `${B}(?:(\\d)\\s*(?:st|nd|rd|th|η|ησ)|(first|second|third|πρωτη|δευτερη|τριτη))\\s+${DIVE_NOUN}${E}`,
  'gu',
);

/** How many dives the text announces ("double dive", "Διπλή βουτιά", "2 βουτιές", "two dives"), or null. */
export function findDiveCount(text: string): number | null {
  let count: number | null = null;
  for (const m of foldSameLength(text).matchAll(COUNT)) {
    count = Math.max(count ?? 0, COUNT_WORDS[m[1]]);
  }
  return count;
}

export interface OrdinalDive {
  number: number;
  /** Where the text after "1st dive"/"1η βουτιά" starts */
  restStart: number;
  start: number;
}

/** "1st dive", "1η βουτιά", "second dive": the dive number and where its details start. */
export function findOrdinalDives(text: string): OrdinalDive[] {
  const out: OrdinalDive[] = [];
  for (const m of foldSameLength(text).matchAll(ORDINAL)) {
    // "first dive of the season": an ordinal word followed by "of" is not a numbered dive.
    if (m[2] && /^\s+of\b/.test(text.slice(m.index + m[0].length))) continue;
    const number = m[1] ? Number(m[1]) : ORDINAL_WORDS[m[2]];
    if (number >= 1 && number <= 9) out.push({ number, start: m.index, restStart: m.index + m[0].length });
  }
  return out;
}
