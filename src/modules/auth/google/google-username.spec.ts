import { pickUsername, usernameBase, usernameCandidate, usernamePrefix } from './google-username';

describe('Google usernames', () => {
  it.each([
    ['nemo@example.org', 'nemo'],
    ['nemo.diver+maps@gmail.com', 'nemo_diver'],
    ['Jean-Luc.Picard@example.org', 'JeanLuc_Picard'],
    ['émile.zola@example.fr', 'mile_zola'],
    ['+tag@example.org', 'user'],
    ['---@example.org', 'user'],
    ['"odd@local"@example.org', 'oddlocal'],
    [`${'a'.repeat(70)}@example.org`, 'a'.repeat(50)],
  ])('derives %s → %s', (email, expected) => {
    expect(usernameBase(email)).toBe(expected);
  });

  it('adds the lowest free numeric suffix, comparing case-insensitively', () => {
    expect(pickUsername('nemo', new Set())).toBe('nemo');
    expect(pickUsername('nemo', new Set(['nemo']))).toBe('nemo1');
    expect(pickUsername('Nemo', new Set(['nemo', 'nemo1', 'nemo3']))).toBe('Nemo2');
  });

  it('skips reserved names', () => {
    expect(pickUsername('admin', new Set())).toBe('admin1');
    expect(pickUsername('Root', new Set(['root1']))).toBe('Root2');
  });

  it('keeps suffixed names within 50 characters', () => {
    const base = 'x'.repeat(50);
    expect(usernameCandidate(base, 7)).toBe(`${'x'.repeat(49)}7`);
    expect(usernameCandidate(base, 12)).toHaveLength(50);
    expect(pickUsername(base, new Set([base]))).toBe(`${'x'.repeat(49)}1`);
    for (const n of [0, 1, 99, 123456789]) {
      expect(usernameCandidate(base, n).startsWith(usernamePrefix(base))).toBe(true);
    }
  });
});
