import { formatTable, plural } from './output';

describe('formatTable', () => {
  it('pads columns, right-aligns numbers, shows empty cells as -', () => {
    expect(
      formatTable(
        ['Id', 'Acronym', 'Country', 'Founded'],
        [
          [1, 'PADI', 'United States', 1966],
          [10, 'BSAC', null, 1953],
        ],
      ),
    ).toEqual([
      'Id  Acronym  Country        Founded',
      '--  -------  -------------  -------',
      ' 1  PADI     United States     1966',
      '10  BSAC     -                 1953',
    ]);
  });

  it('prints the header alone for no rows', () => {
    expect(formatTable(['A', 'B'], [])).toEqual(['A  B', '-  -']);
  });
});

describe('plural', () => {
  it('counts', () => {
    expect(plural(1, 'migration')).toBe('1 migration');
    expect(plural(2, 'migration')).toBe('2 migrations');
    expect(plural(0, 'is', 'are')).toBe('0 are');
  });
});
