import { CenterMatcher, guessCenter } from './center-matcher';
import { normalizeSiteName } from './text-folding';

const centers = [
  { id: 1, name: 'Aegean Divers' },
  { id: 7, name: 'Aegean Dive Center' },
  { id: 6, name: 'Deep Blue Dive Adventures' },
  { id: 3, name: 'Poseidon Dive Club' },
];

describe('guessCenter', () => {
  it.each([
    [['Aegean Divers'], 1],
    [['AEGEAN DIVERS — ΝΕΑ ΕΒΔΟΜΑΔΑΣ'], 1],
    [['Aegean Divers Athens — dive trips in June'], 1],
    [['Aegean Dive Center Paros'], 7],
    [['Deep Blue'], 6],
    [['Giorgos Papadopoulos', 'Fwd: Poseidon Dive Club - Πρωτομαγιά'], 3],
    [[null, undefined, 'poseidon dive club'], 3],
    [['Info'], null],
    [['Newsletter', 'Dive trips in June'], null],
  ])('%j → %p', (sources, id) => {
    expect(guessCenter(sources, centers)).toBe(id);
  });

  it('tries the sources in order: the sender before the subject', () => {
    expect(guessCenter(['Poseidon Dive Club', 'Aegean Divers trips'], centers)).toBe(3);
  });
});

/** The matcher before it was prepared once for many newsletters: every rule as a scan of all centers. */
function referenceGuess(
  sources: ReadonlyArray<string | null | undefined>,
  list: ReadonlyArray<{ id: number; name: string }>,
): number | null {
  const words = (s: string) => normalizeSiteName(s).split(' ').filter(Boolean);
  const containsWords = (haystack: string[], needle: string[]) => {
    for (let i = 0; needle.length > 0 && i + needle.length <= haystack.length; i++) {
      if (needle.every((w, j) => haystack[i + j] === w)) return true;
    }
    return false;
  };
  const named = [...list]
    .sort((a, b) => a.id - b.id)
    .map((c) => ({ id: c.id, words: words(c.name) }))
    .filter((c) => c.words.length > 0);
  const longestFirst = [...named].sort(
    (a, b) => b.words.join(' ').length - a.words.join(' ').length || a.id - b.id,
  );
  for (const source of sources) {
    if (!source) continue;
    const s = words(source);
    if (s.length === 0) continue;
    const key = s.join(' ');
    const exact = named.find((c) => c.words.join(' ') === key);
    if (exact) return exact.id;
    const contained = longestFirst.find((c) => containsWords(s, c.words));
    if (contained) return contained.id;
    if (s.length >= 2 || key.length >= 6) {
      const containing = named.find((c) => containsWords(c.words, s));
      if (containing) return containing.id;
    }
  }
  return null;
}

describe('CenterMatcher (prepared once, indexed)', () => {
  // Deterministic pseudo-random names from a small vocabulary, so names share words, repeat and nest.
  let seed = 42;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const WORDS = [
    'Aegean',
    'Divers',
    'Dive',
    'Center',
    'Blue',
    'Deep',
    'Club',
    'Κρήτη',
    'Δύτες',
    'Kea',
    'Scuba',
    '7',
  ];
  const phrase = (n: number) =>
    Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(
      random() < 0.2 ? ' - ' : ' ',
    );
  const list = Array.from({ length: 300 }, (_, i) => ({
    id: 1 + ((i * 7919) % 1000),
    name: phrase(1 + Math.floor(random() * 4)),
  }));
  const sourceLists = Array.from({ length: 500 }, () =>
    Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      random() < 0.1 ? null : `${random() < 0.3 ? 'Fwd: ' : ''}${phrase(1 + Math.floor(random() * 7))}`,
    ),
  );

  it('guesses what the scan of every center guesses (names that share, repeat and contain words)', () => {
    const matcher = new CenterMatcher(list);
    const guesses = sourceLists.map((sources) => matcher.guess(sources));
    expect(guesses).toEqual(sourceLists.map((sources) => referenceGuess(sources, list)));
    // The comparison means something: every rule decides some of them.
    expect(guesses.filter((id) => id !== null).length).toBeGreaterThan(300);
    expect(guesses.filter((id) => id === null).length).toBeGreaterThan(0);
  });

  it('prepare() (in slices, yielding to the event loop) builds the same matcher', async () => {
    const sliced = await CenterMatcher.prepare(list, 7);
    const whole = new CenterMatcher(list);
    expect(sliced.size).toBe(whole.size);
    expect(sourceLists.map((s) => sliced.guess(s))).toEqual(sourceLists.map((s) => whole.guess(s)));
  });
});
