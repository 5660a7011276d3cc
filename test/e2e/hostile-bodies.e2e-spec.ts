import { gzipSync } from 'node:zlib';
import request from 'supertest';
import type { App } from 'supertest/types';
import { MAX_JSON_DEPTH } from '../../src/common/http/json-depth';
import { createTestApp, type TestApp } from '../support/app';

/**
 * A client's bytes are never a 500 (issue 13, point 2): errors raised below Nest keep their 4xx
 * status through the global filter, and a body nested beyond MAX_JSON_DEPTH is refused by name.
 */
describe('hostile request bodies', () => {
  let t: TestApp;
  let http: App;
  const REGISTER = '/api/v1/auth/register';

  beforeAll(async () => {
    t = await createTestApp();
    http = t.app.getHttpServer();
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(() => t.app.close());

  /** A raw POST from Node's own HTTP client: the bytes go out exactly as given. */
  async function post(headers: Record<string, string>, body: Buffer | string) {
    const { port } = t.app.getHttpServer().address() as import('node:net').AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}${REGISTER}`, { method: 'POST', headers, body });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  const nested = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

  it.each(['gzip', 'deflate', 'br'])('a body that is not valid %s is 400, not 500', async (encoding) => {
    const res = await post(
      { 'Content-Type': 'application/json', 'Content-Encoding': encoding },
      Buffer.from('this is not compressed at all'),
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      detail: 'Request body does not decode as its Content-Encoding',
    });
  });

  it('an unknown Content-Encoding is 415; a valid gzip body is read as JSON', async () => {
    const unknown = await post(
      { 'Content-Type': 'application/json', 'Content-Encoding': 'zstd-bogus' },
      '{}',
    );
    expect(unknown.status).toBe(415);
    expect(unknown.body).toMatchObject({ statusCode: 415, detail: 'Unsupported Content-Encoding' });

    const gzipped = await post(
      { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      gzipSync(Buffer.from('{"username":"x"}')),
    );
    // Decoded and validated: the contract's validation error, not an encoding one.
    expect(gzipped.status).toBe(422);
  });

  it(`a JSON body nested deeper than ${MAX_JSON_DEPTH} levels is 400 naming the limit; at the limit it is validated`, async () => {
    for (const levels of [MAX_JSON_DEPTH + 1, 3_000, 50_000]) {
      const res = await request(http)
        .post(REGISTER)
        .set('Content-Type', 'application/json')
        .send(nested(levels));
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe(`Request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
    const atLimit = await request(http)
      .post(REGISTER)
      .set('Content-Type', 'application/json')
      .send(nested(MAX_JSON_DEPTH));
    expect(atLimit.status).toBe(422);
  });

  it('broken JSON is 400, an oversize body 413, a form nested too deep is 400', async () => {
    const broken = await request(http).post(REGISTER).set('Content-Type', 'application/json').send('{"a":');
    expect(broken.status).toBe(400);
    expect(broken.body.detail).toBe('Request body is not valid JSON');

    const huge = await request(http)
      .post(REGISTER)
      .set('Content-Type', 'application/json')
      .send(`{"username":"${'x'.repeat(3 * 1024 * 1024)}"}`);
    expect(huge.status).toBe(413);
    expect(huge.body.detail).toBe('Request body is too large');

    const form = await request(http)
      .post(REGISTER)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(`a${'[b]'.repeat(200)}=1`);
    // body-parser's own depth limit for forms (qs, strictDepth), kept as the 400 it raises.
    expect(form.status).toBe(400);
    expect(form.body.detail).toBe('The input exceeded the depth');
  });
});
