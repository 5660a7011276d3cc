import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';

describe('application shell', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.app.close();
  });

  it('GET / answers the service name, version and links to /docs and /health', async () => {
    const res = await request(t.app.getHttpServer()).get('/').expect(200);
    expect(res.body).toEqual({
      name: 'Divemap API',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      message: expect.any(String),
      links: { docs: '/docs', openapi: '/openapi.json', health: '/health', api: '/api/v1' },
    });
  });

  it('serves a valid OpenAPI 3 document with the bearer scheme, and the Swagger UI', async () => {
    const res = await request(t.app.getHttpServer()).get('/openapi.json').expect(200);
    const doc = res.body as OpenAPIV3.Document;
    expect(doc.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/', '/health', '/health/live', '/health/ready']),
    );
    // Security in the document matches the guards: bearer everywhere by default (global requirement),
    // public operations say "anonymous or bearer".
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/auth/me']?.get?.security).toBeUndefined();
    expect(doc.paths['/api/v1/auth/login']?.post?.security).toEqual([{}, { bearer: [] }]);
    expect(doc.paths['/health']?.get?.security).toEqual([{}, { bearer: [] }]);
    // DTOs are documented by the Swagger CLI plugin (no hand-written @ApiProperty).
    const root = doc.components?.schemas?.RootResponseDto as OpenAPIV3.SchemaObject;
    expect(Object.keys(root.properties ?? {})).toEqual(['name', 'version', 'message', 'links']);
    expect(root.required).toEqual(expect.arrayContaining(['name', 'version', 'links']));
    const ui = await request(t.app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/v1/no-such-thing').expect(404);
    expect(res.body).toEqual({
      statusCode: 404,
      message: 'Cannot GET /api/v1/no-such-thing',
      detail: 'Cannot GET /api/v1/no-such-thing',
    });
  });

  it('sends security headers and echoes a sane X-Request-Id (or makes one)', async () => {
    const mine = await request(t.app.getHttpServer()).get('/').set('X-Request-Id', 'abc-123').expect(200);
    expect(mine.headers['x-request-id']).toBe('abc-123');
    expect(mine.headers['x-content-type-options']).toBe('nosniff');
    expect(mine.headers['x-frame-options']).toBeDefined();
    expect(mine.headers['strict-transport-security']).toBeDefined();
    expect(mine.headers['x-powered-by']).toBeUndefined();
    const made = await request(t.app.getHttpServer())
      .get('/')
      .set('X-Request-Id', 'bad id\twith spaces')
      .expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses bodies over 2 MB with 413 and malformed JSON with 400, as JSON', async () => {
    const big = JSON.stringify({ content: 'x'.repeat(2 * 1024 * 1024 + 10) });
    const tooLarge = await request(t.app.getHttpServer())
      .post('/api/v1/anything')
      .set('Content-Type', 'application/json')
      .send(big)
      .expect(413);
    expect(tooLarge.body).toMatchObject({ statusCode: 413, detail: expect.any(String) });
    const bad = await request(t.app.getHttpServer())
      .post('/api/v1/anything')
      .set('Content-Type', 'application/json')
      .send('{"broken": ')
      .expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, detail: expect.any(String) });
  });
});
