import { join } from 'node:path';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import type { OpenAPIV3 } from 'openapi-types';
import request from 'supertest';
import type { SwaggerPluginMetadata } from '../../src/common/openapi/plugin-metadata';
import { API_PREFIX, UNPREFIXED_ROUTES } from '../../src/app.setup';
import { createTestApp, type TestApp } from '../support/app';

type Loaded = Awaited<ReturnType<SwaggerPluginMetadata>>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * The OpenAPI document is what REST clients read, and building it is part of start-up: a DTO property
 * the Swagger plugin cannot type once made `nest build` output die while every test passed (issue 11).
 * These checks run on the document the tests serve — since the build and the tests load the plugin
 * metadata the same way (src/common/openapi/plugin-metadata.ts), that is the document users get; the
 * smoke test (npm run smoke) compares the two for real.
 */
describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenAPIV3.Document;
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await request(t.app.getHttpServer()).get('/openapi.json').expect(200)).body as OpenAPIV3.Document;
  });
  afterAll(async () => {
    await t?.app.close();
  });

  it('types every DTO and entity property the Swagger plugin saw (a type or an enum each)', async () => {
    // Written by test/support/global-setup.ts (and by npm run build); loaded at run time, as main.ts does.
    const file = join(__dirname, '..', '..', 'src', 'metadata');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const metadata = (require(file) as { default: SwaggerPluginMetadata }).default;
    const loaded: Loaded = await metadata();
    const models = loaded['@nestjs/swagger']?.models ?? [];
    expect(models.length).toBeGreaterThan(20);
    const untyped: string[] = [];
    let properties = 0;
    for (const [, classes] of models)
      for (const [name, props] of Object.entries(classes))
        for (const [key, meta] of Object.entries(props)) {
          properties++;
          if (!('type' in meta) && !('enum' in meta)) untyped.push(`${name}.${key}`);
        }
    expect(properties).toBeGreaterThan(300);
    expect(untyped).toEqual([]);
  });

  it('documents every route the application maps under /api/v1', () => {
    const modules = t.app.get(ModulesContainer);
    const scanner = new MetadataScanner();
    const reflector = t.app.get(Reflector);
    const routes: string[] = [];
    for (const wrapper of [...modules.values()].flatMap((m) => [...m.controllers.values()])) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || !wrapper.metatype) continue;
      const base = ([] as string[]).concat(
        reflector.get<string | string[]>(PATH_METADATA, wrapper.metatype) ?? '',
      )[0];
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, () => unknown>)[name];
        const method = reflector.get<RequestMethod | undefined>(METHOD_METADATA, handler);
        if (method === undefined) continue;
        const path = ([] as string[]).concat(
          reflector.get<string | string[]>(PATH_METADATA, handler) ?? '',
        )[0];
        const route = [base, path].filter((p) => p && p !== '/').join('/');
        if (UNPREFIXED_ROUTES.includes(route || '/')) continue;
        const full = `/${API_PREFIX}/${route}`
          .replace(/\/+/g, '/')
          .replace(/\/$/, '')
          .replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        routes.push(`${RequestMethod[method]} ${full}`);
      }
    }
    const api = routes.filter((r) => r.includes(` /${API_PREFIX}/`));
    expect(api.length).toBeGreaterThan(100);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        METHODS.filter((m) => item?.[m]).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    expect(api.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('gives every operation its success response, with a schema wherever a body comes back', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths))
      for (const m of METHODS) {
        const operation = item?.[m];
        if (!operation) continue;
        const success = Object.entries(operation.responses).filter(([status]) => /^[23]/.test(status));
        const described = success.some(
          ([status, r]) =>
            status === '204' || /^3/.test(status) || ('content' in r && r.content !== undefined),
        );
        if (!described) missing.push(`${m.toUpperCase()} ${path}`);
      }
    expect(missing).toEqual([]);
  });

  it('merges the handler success response with its declared error responses', () => {
    const list = doc.paths[`/${API_PREFIX}/newsletters/trips`]?.get?.responses ?? {};
    expect(Object.keys(list).sort()).toEqual(['200', '400']);
    expect(list['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/DiveTripListResponseDto' } } },
    });
    const tags = doc.components?.schemas?.ParsedDiveResponseDto as OpenAPIV3.SchemaObject;
    expect(tags.properties?.dive_site_tags).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/DiveSiteTagResponseDto' },
    });
    const created = doc.paths[`/${API_PREFIX}/auth/register`]?.post?.responses ?? {};
    expect(created['201']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/RegisterResponseDto' } } },
    });
  });

  it('documents the bounds of bounded lists (issue 13): limit range and default, offset, X-Total-Count', () => {
    const cases: Array<[string, number, number]> = [
      ['/dive-sites/{id}/comments', 50, 100],
      ['/diving-centers/{id}/comments', 50, 100],
      ['/dive-sites/{id}/media', 50, 100],
      ['/dives/{id}/media', 50, 100],
      ['/users/{username}/visited-sites', 100, 500],
      ['/tags', 500, 1000],
      ['/tags/with-counts', 500, 1000],
      ['/dive-sites/{id}/aliases', 100, 500],
      ['/diving-centers/{id}/gear-rental', 100, 500],
      ['/diving-centers/{id}/dive-sites', 100, 500],
      ['/dive-sites/{id}/diving-centers', 100, 500],
      ['/user-certifications/my-certifications', 100, 500],
      ['/user-certifications/users/{userId}/certifications', 100, 500],
    ];
    for (const [path, byDefault, max] of cases) {
      const item = doc.paths[`/${API_PREFIX}${path}`] ?? doc.paths[`/${API_PREFIX}${path}/`];
      const op = item?.get;
      const params = (op?.parameters ?? []) as OpenAPIV3.ParameterObject[];
      const limit = params.find((p) => p.name === 'limit' && p.in === 'query');
      expect([path, limit?.schema]).toEqual([
        path,
        expect.objectContaining({ minimum: 1, maximum: max, default: byDefault }),
      ]);
      expect([path, params.some((p) => p.name === 'offset' && p.in === 'query')]).toEqual([path, true]);
      const ok = op?.responses['200'] as OpenAPIV3.ResponseObject;
      expect([path, Object.keys(ok.headers ?? {})]).toEqual([path, ['X-Total-Count']]);
    }
  });
});
