import { missingOrganizations } from '../cli/commands/organizations';
import { DIVING_ORGANIZATIONS } from './diving-organizations';

describe('DIVING_ORGANIZATIONS', () => {
  it('has the ten organizations of the spec, in its order', () => {
    expect(DIVING_ORGANIZATIONS.map((o) => o.acronym)).toEqual([
      'PADI',
      'SSI',
      'GUE',
      'RAID',
      'CMAS',
      'TDI',
      'NAUI',
      'BSAC',
      'SDI',
      'IANTD',
    ]);
  });

  it('fits the diving_organizations columns', () => {
    const names = new Set(DIVING_ORGANIZATIONS.map((o) => o.name.toLowerCase()));
    expect(names.size).toBe(10);
    for (const o of DIVING_ORGANIZATIONS) {
      expect(o.name.length).toBeLessThanOrEqual(100);
      expect(o.acronym.length).toBeLessThanOrEqual(20);
      expect(o.website).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]+(\/\S*)?$/);
      expect(o.website.length).toBeLessThanOrEqual(255);
      expect(o.country.length).toBeLessThanOrEqual(100);
      expect(o.description.length).toBeGreaterThan(20);
      expect(o.founded_year).toBeGreaterThanOrEqual(1950);
      expect(o.founded_year).toBeLessThanOrEqual(2010);
    }
  });

  it('has the public founding facts', () => {
    const year = Object.fromEntries(DIVING_ORGANIZATIONS.map((o) => [o.acronym, o.founded_year]));
    expect(year).toEqual({
      PADI: 1966,
      SSI: 1970,
      GUE: 1998,
      RAID: 2007,
      CMAS: 1959,
      TDI: 1994,
      NAUI: 1960,
      BSAC: 1953,
      SDI: 1998,
      IANTD: 1985,
    });
  });
});

describe('missingOrganizations', () => {
  it('skips those present by acronym or by name, case-insensitively', () => {
    const missing = missingOrganizations([
      { acronym: 'padi', name: 'Something else' },
      { acronym: 'XYZ', name: 'scuba schools international ' },
    ]);
    expect(missing.map((o) => o.acronym)).toEqual([
      'GUE',
      'RAID',
      'CMAS',
      'TDI',
      'NAUI',
      'BSAC',
      'SDI',
      'IANTD',
    ]);
  });

  it('returns none when all are present and all when none are', () => {
    expect(missingOrganizations(DIVING_ORGANIZATIONS)).toEqual([]);
    expect(missingOrganizations([])).toEqual(DIVING_ORGANIZATIONS);
  });
});
