import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GoogleCertificates } from './google-id-token.verifier';

describe('GoogleCertificates', () => {
  let server: Server;
  let url: string;
  let fetches = 0;
  let keys: Record<string, string> = { k1: 'PEM-1' };
  let cacheControl: string | undefined = 'public, max-age=600';

  beforeAll(async () => {
    server = createServer((_req, res) => {
      fetches += 1;
      res.writeHead(200, {
        'content-type': 'application/json',
        ...(cacheControl ? { 'cache-control': cacheControl } : {}),
      });
      res.end(JSON.stringify(keys));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    fetches = 0;
    keys = { k1: 'PEM-1' };
    cacheControl = 'public, max-age=600';
  });

  it('caches as long as Cache-Control says and shares one fetch between concurrent callers', async () => {
    let now = 0;
    const certs = new GoogleCertificates(url, () => now);
    const [a, b] = await Promise.all([certs.forKid('k1'), certs.forKid('k1')]);
    expect(a).toEqual({ k1: 'PEM-1' });
    expect(b).toBe(a);
    now += 599_000;
    await certs.forKid('k1');
    expect(fetches).toBe(1);
    now += 2_000;
    await certs.forKid('k1');
    expect(fetches).toBe(2);
  });

  it('refetches for an unknown kid (rotated keys), at most once a minute', async () => {
    let now = 100_000;
    const certs = new GoogleCertificates(url, () => now);
    await certs.forKid('k1');
    keys = { k1: 'PEM-1', k2: 'PEM-2' };
    expect(await certs.forKid('k2')).toEqual(keys);
    expect(await certs.forKid('k3')).toEqual(keys);
    expect(fetches).toBe(2);
    now += 61_000;
    await certs.forKid('k3');
    expect(fetches).toBe(3);
  });

  it('keeps certificates 5 minutes when the server sends no Cache-Control', async () => {
    cacheControl = undefined;
    let now = 0;
    const certs = new GoogleCertificates(url, () => now);
    await certs.forKid('k1');
    now += 299_000;
    await certs.forKid('k1');
    expect(fetches).toBe(1);
  });

  it('fails when the server is unreachable or answers an error', async () => {
    await expect(new GoogleCertificates('http://127.0.0.1:9/certs').forKid('k1')).rejects.toThrow();
  });
});
