import { redactUrl } from './logging';

describe('redactUrl', () => {
  it('hides OAuth codes, state and tokens in query strings, and keeps the rest', () => {
    expect(redactUrl('/api/v1/auth/google/callback?code=4%2F0Abc&state=xyz&scope=email')).toBe(
      '/api/v1/auth/google/callback?code=[redacted]&state=[redacted]&scope=email',
    );
    expect(redactUrl('/x?refresh_token=abc&page=2&Password=p')).toBe(
      '/x?refresh_token=[redacted]&page=2&Password=[redacted]',
    );
    expect(redactUrl('/api/v1/dive-sites/?search=code&country=GR')).toBe(
      '/api/v1/dive-sites/?search=code&country=GR',
    );
  });
});
