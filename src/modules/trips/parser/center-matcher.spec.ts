import { guessCenter } from './center-matcher';

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
