import { identityFromClaims } from './google-identity';

describe('identityFromClaims', () => {
  it('reads sub, e-mail, verification, name and picture', () => {
    expect(
      identityFromClaims({
        sub: '123',
        email: 'nemo@example.org',
        email_verified: true,
        name: ' Nemo ',
        picture: 'https://example.org/p.png',
      }),
    ).toEqual({
      sub: '123',
      email: 'nemo@example.org',
      emailVerified: true,
      name: 'Nemo',
      picture: 'https://example.org/p.png',
    });
  });

  it.each([
    [true, true],
    ['true', true],
    [false, false],
    ['false', false],
    [undefined, false],
    [1, false],
  ])('email_verified %p → %p', (value, expected) => {
    expect(identityFromClaims({ sub: '1', email: 'a@b.c', email_verified: value })?.emailVerified).toBe(
      expected,
    );
  });

  it('is never verified without an e-mail, drops oversized values, needs a sub', () => {
    expect(identityFromClaims({ sub: '1', email_verified: true })).toMatchObject({
      email: null,
      emailVerified: false,
    });
    expect(identityFromClaims({ sub: '1', picture: `https://x/${'p'.repeat(600)}` })?.picture).toBeNull();
    expect(identityFromClaims({ email: 'a@b.c' })).toBeNull();
    expect(identityFromClaims({ sub: 42 })).toBeNull();
    expect(identityFromClaims({ sub: 'x'.repeat(256) })).toBeNull();
  });
});
