import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT } from './child-app';

/**
 * A stand-in for Google on loopback, for the Google sign-in tests: a real OAuth2/OpenID server
 * (the npm package `oauth2-mock-server`: /authorize, /token with PKCE checks, /userinfo) plus a
 * small control server that
 * - serves the mock's signing key as Google serves its certificates (`{kid: PEM}`, GOOGLE_CERTS_URL),
 * - sets the userinfo claims (through the mock's `beforeUserinfo` hook) and can make /authorize
 *   answer `error=access_denied` (the `beforeAuthorizeRedirect` hook),
 * - signs ID tokens with the mock's key (issuer.buildToken with a claims transform),
 * - records the /authorize and /token requests it saw (PKCE parameters, client id).
 *
 * oauth2-mock-server is ES-module only. It runs in a child Node process (written when Jest on Node 20
 * could not load ES modules; Node 24 could load it in-process, the child is kept as it works and
 * keeps the mock off the tests' event loop); it exits when the test process closes its stdin.
 */
const CHILD_SCRIPT = String.raw`
import { createServer } from 'node:http';
import { createPublicKey } from 'node:crypto';
import { OAuth2Server } from 'oauth2-mock-server';

const server = new OAuth2Server();
const key = await server.issuer.keys.generate('RS256');
await server.start(0, '127.0.0.1');
const oauthUrl = 'http://127.0.0.1:' + server.address().port;
const pem = createPublicKey({ key, format: 'jwk' }).export({ type: 'spki', format: 'pem' });

let userinfo = { sub: 'google-sub-1' };
let denyConsent = false;
let seen = { authorize: [], token: [] };

server.service.on('beforeUserinfo', (response) => {
  response.body = { ...userinfo };
});
server.service.on('beforeAuthorizeRedirect', (redirect, req) => {
  seen.authorize.push({ ...req.query });
  if (denyConsent) {
    redirect.url.searchParams.delete('code');
    redirect.url.searchParams.set('error', 'access_denied');
  }
});
server.service.on('beforeResponse', (_response, req) => {
  seen.token.push({ ...req.body });
});

function readJson(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      try { resolve(data ? JSON.parse(data) : {}); } catch (e) { reject(e); }
    });
  });
}

const control = createServer(async (req, res) => {
  const send = (status, body, headers = {}) => {
    if (status === 204) return res.writeHead(204).end();
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  try {
    if (req.method === 'GET' && req.url === '/certs') {
      return send(200, { [key.kid]: pem }, { 'cache-control': 'public, max-age=3600' });
    }
    if (req.method === 'PUT' && req.url === '/userinfo') {
      userinfo = await readJson(req);
      return send(204, {});
    }
    if (req.method === 'PUT' && req.url === '/consent') {
      denyConsent = (await readJson(req)).deny === true;
      return send(204, {});
    }
    if (req.method === 'POST' && req.url === '/reset') {
      userinfo = { sub: 'google-sub-1' };
      denyConsent = false;
      seen = { authorize: [], token: [] };
      return send(204, {});
    }
    if (req.method === 'GET' && req.url === '/seen') return send(200, seen);
    if (req.method === 'POST' && req.url === '/id-token') {
      const { claims = {}, expiresIn = 3600, issuedAt } = await readJson(req);
      const token = await server.issuer.buildToken({
        expiresIn,
        scopesOrTransform: (_header, payload) => {
          if (issuedAt !== undefined) {
            payload.iat = issuedAt;
            payload.nbf = issuedAt;
            payload.exp = issuedAt + expiresIn;
          }
          Object.assign(payload, claims);
        },
      });
      return send(200, { token });
    }
    send(404, { error: 'not found' });
  } catch (error) {
    send(500, { error: String(error) });
  }
});
await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve));
const controlUrl = 'http://127.0.0.1:' + control.address().port;

process.stdin.resume();
process.stdin.on('end', async () => {
  control.close();
  await server.stop();
  process.exit(0);
});
process.stdout.write(JSON.stringify({ oauthUrl, controlUrl, kid: key.kid }) + '\n');
`;

export interface GoogleUserinfo {
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  picture?: string;
}

export interface GoogleStandIn {
  /** Base URL of the OAuth2 server (GOOGLE_AUTHORIZATION_URL etc. are below it). */
  oauthUrl: string;
  /** GOOGLE_CERTS_URL: the mock's key as a `{kid: PEM}` map. */
  certsUrl: string;
  /** The `kid` of the mock's signing key. */
  kid: string;
  /** The GOOGLE_* environment of an app that signs in against this server. */
  env(overrides?: Record<string, string>): Record<string, string>;
  /** What /userinfo answers from now on. */
  setUserinfo(claims: GoogleUserinfo): Promise<void>;
  /** Makes /authorize answer `error=access_denied` (the user declined) or not. */
  denyConsent(deny: boolean): Promise<void>;
  /** An ID token signed by the mock's key; `claims` override the defaults (Google issuer, audience, sub). */
  idToken(options?: {
    claims?: Record<string, unknown>;
    expiresIn?: number;
    issuedAt?: number;
  }): Promise<string>;
  /** The /authorize and /token requests seen since the last reset. */
  seen(): Promise<{ authorize: Array<Record<string, string>>; token: Array<Record<string, string>> }>;
  /** Default userinfo, consent granted, nothing seen. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export const TEST_GOOGLE_CLIENT_ID = 'divemap-test.apps.googleusercontent.com';
export const TEST_GOOGLE_CALLBACK_URL = 'http://127.0.0.1:9/api/v1/auth/google/callback';

export async function startGoogleStandIn(): Promise<GoogleStandIn> {
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', CHILD_SCRIPT], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`Google stand-in exited with ${code}`)));
  });
  const { oauthUrl, controlUrl, kid } = JSON.parse(first) as {
    oauthUrl: string;
    controlUrl: string;
    kid: string;
  };

  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${controlUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  };

  return {
    oauthUrl,
    certsUrl: `${controlUrl}/certs`,
    kid,
    env: (overrides = {}) => ({
      GOOGLE_CLIENT_ID: TEST_GOOGLE_CLIENT_ID,
      GOOGLE_CLIENT_SECRET: 'divemap-test-secret',
      GOOGLE_CALLBACK_URL: TEST_GOOGLE_CALLBACK_URL,
      GOOGLE_AUTHORIZATION_URL: `${oauthUrl}/authorize`,
      GOOGLE_TOKEN_URL: `${oauthUrl}/token`,
      GOOGLE_USERINFO_URL: `${oauthUrl}/userinfo`,
      GOOGLE_CERTS_URL: `${controlUrl}/certs`,
      ...overrides,
    }),
    setUserinfo: async (claims) => {
      await call('PUT', '/userinfo', claims);
    },
    denyConsent: async (deny) => {
      await call('PUT', '/consent', { deny });
    },
    idToken: async ({ claims = {}, expiresIn, issuedAt } = {}) => {
      const body = {
        claims: {
          iss: 'https://accounts.google.com',
          aud: TEST_GOOGLE_CLIENT_ID,
          azp: TEST_GOOGLE_CLIENT_ID,
          sub: 'google-sub-1',
          ...claims,
        },
        expiresIn,
        issuedAt,
      };
      return ((await call('POST', '/id-token', body)) as { token: string }).token;
    },
    seen: async () => (await call('GET', '/seen')) as Awaited<ReturnType<GoogleStandIn['seen']>>,
    reset: async () => {
      await call('POST', '/reset');
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.stdin?.end();
      await exited;
    },
  };
}
