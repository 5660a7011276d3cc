/**
 * A spec-driven HTTP fuzzer (issue 13, point 4): reads the application's own OpenAPI document and,
 * with fast-check, builds requests for every operation — schema-valid bodies, queries and path ids,
 * boundary values, type confusion, hostile strings, missing required fields, injected privilege
 * fields, broken JSON, wrong content types and encodings, deep nesting, oversize bodies, forged and
 * real tokens — then sends them over a raw HTTP client and records every answer.
 *
 * Reproducible: request `i` of seed `s` is `fc.sample(arbitrary, { seed: mixSeed(s, i), numRuns: 1 })`
 * of operation `i % operations.length`, so `buildRequest(plan, i)` rebuilds it exactly (the answer may
 * still depend on what earlier requests wrote to the database).
 */
import { request as httpRequest, Agent } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { OpenAPIV3 } from 'openapi-types';

type Schema = OpenAPIV3.SchemaObject;
type Json = unknown;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export interface FuzzParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
  description?: string;
}

export interface FuzzOperation {
  /** `METHOD /path` as the document writes it. */
  id: string;
  method: string;
  path: string;
  parameters: FuzzParameter[];
  body?: { contentType: string; schema: Schema; required: boolean };
  /** The document lists no bearer requirement, or an empty alternative (optional authentication). */
  public: boolean;
}

export type Role = 'anonymous' | 'user' | 'moderator' | 'admin' | 'victim' | 'forged';

/** What the seeded database offers the generator: tokens per role and real ids per resource. */
export interface FuzzContext {
  tokens: { user: string[]; moderator: string[]; admin: string[]; victim: string[] };
  /** Ready-made junk `Authorization` values (garbage, alg none, wrong secret, expired...). */
  forgedAuthorizations: string[];
  /** Real ids by the path segment before the parameter (`dive-sites` for `/dive-sites/{id}`). */
  ids: Record<string, Array<number | string>>;
  /** Real values of string path parameters by parameter name (`username`, `identifier`). */
  strings: Record<string, string[]>;
  /** Ids that must not be targeted by user-administration routes (the token holders). */
  protectedUserIds: number[];
  /** The body parser's limit, in bytes. */
  bodyLimitBytes: number;
}

export interface FuzzRequest {
  index: number;
  operation: string;
  /** Which generator variant built it (`body:valid`, `encoding:gzip-garbage`, `auth:forged`...). */
  kind: string;
  role: Role;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface FuzzResult {
  request: FuzzRequest;
  status?: number;
  responseBody?: string;
  error?: string;
  ms: number;
}

// ---------------------------------------------------------------------------------------------
// The document

function deref<T extends object>(doc: OpenAPIV3.Document, value: T | OpenAPIV3.ReferenceObject): T {
  let current: unknown = value;
  for (let hops = 0; current && typeof current === 'object' && '$ref' in current; hops++) {
    if (hops > 20) throw new Error('reference loop in the OpenAPI document');
    const ref = (current as OpenAPIV3.ReferenceObject).$ref;
    current = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], doc);
  }
  return current as T;
}

/** The schema with `$ref` followed and `allOf` merged (what the Swagger plugin emits). */
export function resolveSchema(doc: OpenAPIV3.Document, schema: Schema | OpenAPIV3.ReferenceObject): Schema {
  const s = deref<Schema>(doc, schema);
  if (!s.allOf) return s;
  const merged: Schema = { ...s, allOf: undefined };
  for (const part of s.allOf) {
    const r = resolveSchema(doc, part);
    merged.type ??= r.type;
    merged.properties = { ...merged.properties, ...r.properties };
    merged.required = [...(merged.required ?? []), ...(r.required ?? [])];
    if (r.enum) merged.enum = r.enum;
  }
  return merged;
}

export function listOperations(doc: OpenAPIV3.Document): FuzzOperation[] {
  const operations: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!item) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map((p) => deref<OpenAPIV3.ParameterObject>(doc, p))
        .filter((p) => p.in === 'path' || p.in === 'query')
        .map((p) => ({
          name: p.name,
          in: p.in as 'path' | 'query',
          required: p.in === 'path' || !!p.required,
          schema: p.schema ? resolveSchema(doc, p.schema) : { type: 'string' as const },
          description: p.description,
        }));
      let body: FuzzOperation['body'];
      if (op.requestBody) {
        const rb = deref<OpenAPIV3.RequestBodyObject>(doc, op.requestBody);
        const [contentType, media] = Object.entries(rb.content)[0] ?? [];
        if (contentType && media?.schema)
          body = { contentType, schema: resolveSchema(doc, media.schema), required: !!rb.required };
      }
      const security = op.security ?? doc.security ?? [];
      const isPublic = security.length === 0 || security.some((s) => Object.keys(s).length === 0);
      operations.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters,
        body,
        public: isPublic,
      });
    }
  }
  return operations;
}

// ---------------------------------------------------------------------------------------------
// Values: schema → arbitrary, and the hostile ones

/** Strings a careless handler chokes on: injection text, control bytes, RTL, emoji, lone surrogates. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  "' OR '1'='1' -- ",
  '"; DROP TABLE users; --',
  "1' UNION SELECT password_hash FROM users -- ",
  '\\',
  '%',
  '_%_',
  '%00',
  '%ZZ',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  '&lt;b&gt;&#0;&#x110000;',
  '\u202Egnp.exe',
  '\u200F\u200E\u2066',
  '🐠🦈🤿👩‍👩‍👧‍👦',
  '\uD800',
  'a\uDFFFb',
  '\uFEFF',
  'ｅｘａｍｐｌｅ',
  'İıß',
  '\r\n\t',
  '../../../etc/passwd',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x10',
  '99999999999999999999999999999999',
  'null',
  'true',
  '[]',
  '{}',
  '2024-02-30',
  '2024-13-01',
  '0000-00-00',
  '9999-12-31',
  '24:61:61',
  'x'.repeat(256),
  'é'.repeat(256),
  '🐠'.repeat(300),
  'x'.repeat(70_000),
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
  {
    arbitrary: fc.string({
      unit: fc.constantFrom('\u0000', '\uD800', '\uDC00', '\u202E', "'", '"', '<', '%', '\\'),
      maxLength: 20,
    }),
    weight: 1,
  },
);

/** A value of the wrong type for whatever the schema wants. */
export const typeConfusion: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    -0.000001,
    1e308,
    -1e308,
    '',
    '1',
    'abc',
    [],
    [1],
    [null],
    {},
    { a: 1 },
    [[[[]]]],
    { $gt: '' },
    { __proto__: { is_admin: true } },
  ),
  fc.integer(),
  fc.double({ noNaN: true }),
  hostileString,
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

function boundaryNumbers(s: Schema): Json[] {
  const values: Json[] = [0, -1, 1, 0.5, 2147483647, 2147483648, -2147483649, 9007199254740992, 1e21, -1e21];
  if (s.minimum !== undefined) values.push(s.minimum, s.minimum - 1, s.minimum - 0.001);
  if (s.maximum !== undefined) values.push(s.maximum, s.maximum + 1, s.maximum + 0.001);
  return values;
}

function boundaryStrings(s: Schema): Json[] {
  const values: Json[] = ['', ' ', 'a'];
  for (const n of [s.minLength, s.maxLength]) {
    if (n === undefined) continue;
    for (const len of [n - 1, n, n + 1])
      if (len >= 0 && len < 200_000) values.push('a'.repeat(len), '🐠'.repeat(len), 'é'.repeat(len));
  }
  if (s.enum) values.push(`${String(s.enum[0])}x`, String(s.enum[0]).toUpperCase(), ` ${String(s.enum[0])}`);
  return values;
}

/** Boundary values for a schema: at and just beyond its limits. */
export function boundaryArbitrary(s: Schema): fc.Arbitrary<Json> {
  const values: Json[] =
    s.type === 'number' || s.type === 'integer'
      ? boundaryNumbers(s)
      : s.type === 'string'
        ? boundaryStrings(s)
        : s.type === 'array'
          ? [[], Array.from({ length: (s.maxItems ?? 100) + 1 }, (_, i) => i + 1), [0], [-1]]
          : [{}, null];
  return fc.constantFrom(...values);
}

const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const clockTime = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m, s]) => [h, m, s].map((n) => String(n).padStart(2, '0')).join(':'));

function stringArbitrary(s: Schema, name: string): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? 40, 60));
  const fits = (v: string) => v.length >= min && (s.maxLength === undefined || v.length <= s.maxLength);
  if (s.format === 'email' || /email/.test(name)) return fc.emailAddress().filter(fits);
  if (s.format === 'date' || /_date$|^date$/.test(name) || /YYYY-MM-DD/.test(s.description ?? ''))
    return isoDate;
  if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (/_time$/.test(name) || /HH:MM/.test(s.description ?? '')) return clockTime;
  if (s.format === 'uri' || /url$|website/.test(name)) return fc.webUrl().filter(fits);
  if (s.format === 'binary') return fc.string({ maxLength: 200 });
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter(fits);
    } catch {
      // a pattern JavaScript cannot read: plain strings
    }
  }
  return fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    fc.string({ unit: 'grapheme', minLength: min, maxLength: max }),
  );
}

/**
 * Values the schema accepts (as far as the document says: rules only prose describes may still fail).
 * `depth` bounds recursion through nested objects.
 */
export function schemaArbitrary(
  doc: OpenAPIV3.Document,
  schema: Schema | OpenAPIV3.ReferenceObject,
  name = '',
  depth = 0,
): fc.Arbitrary<Json> {
  const s = resolveSchema(doc, schema);
  let arb: fc.Arbitrary<Json>;
  if (s.enum?.length) arb = fc.constantFrom(...(s.enum as Json[]));
  else if (s.type === 'boolean') arb = fc.boolean();
  else if (s.type === 'integer' || s.type === 'number') {
    const min = s.minimum ?? (/id$|_id$|^id$/.test(name) ? 1 : -1_000_000);
    const max = s.maximum ?? Math.max(min, 1_000_000);
    const ints = fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    arb =
      s.type === 'integer' || /id$|count|limit|page|size|number|year|order|duration/.test(name)
        ? ints
        : fc.oneof(ints, fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
  } else if (s.type === 'array') {
    const items = s.items ? schemaArbitrary(doc, s.items, name, depth + 1) : typeConfusion;
    arb = fc.array(items, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
  } else if (s.type === 'object' || s.properties) {
    if (depth > 4) arb = fc.constant({});
    else {
      const model: Record<string, fc.Arbitrary<Json>> = {};
      for (const [key, prop] of Object.entries(s.properties ?? {}))
        model[key] = schemaArbitrary(doc, prop, key, depth + 1);
      arb = fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in model) });
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        const extra = fc.dictionary(
          fc.string({ minLength: 1, maxLength: 8 }),
          schemaArbitrary(doc, s.additionalProperties, '', depth + 1),
          { maxKeys: 3 },
        );
        arb = fc.tuple(arb, extra).map(([a, b]) => ({ ...b, ...(a as object) }));
      }
    }
  } else if (s.type === 'string') arb = stringArbitrary(s, name);
  else arb = typeConfusion;
  return s.nullable ? fc.option(arb, { nil: null, freq: 6 }) : arb;
}

/** Any bad value for a field of schema `s`: boundary, type confusion or hostile text. */
function badValue(s: Schema): fc.Arbitrary<Json> {
  return fc.oneof(
    { arbitrary: boundaryArbitrary(s), weight: 3 },
    { arbitrary: typeConfusion, weight: 3 },
    { arbitrary: hostileString, weight: 3 },
  );
}

export const PRIVILEGE_FIELDS = [
  'is_admin',
  'is_moderator',
  'user_id',
  'id',
  'created_by',
  'enabled',
  'owner_id',
  'ownership_status',
  'password_hash',
  'deleted_at',
  'role',
];

// ---------------------------------------------------------------------------------------------
// Requests

interface BodyPlan {
  kind: string;
  contentType?: string;
  contentEncoding?: string;
  body?: Buffer;
}

const json = (value: Json) => Buffer.from(JSON.stringify(value) ?? 'null');

function formEncode(value: Json, prefix = ''): string[] {
  if (value === null || typeof value !== 'object')
    return [`${encodeURIComponent(prefix || 'value')}=${encodeURIComponent(String(value))}`];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (entries.length === 0) return prefix ? [`${encodeURIComponent(prefix)}=`] : [];
  return entries.flatMap(([k, v]) => formEncode(v, prefix ? `${prefix}[${k}]` : k));
}

function nested(levels: number, kind: 'object' | 'array'): string {
  return kind === 'object'
    ? '{"a":'.repeat(levels) + '1' + '}'.repeat(levels)
    : '['.repeat(levels) + ']'.repeat(levels);
}

/** Bodies for an operation: valid JSON mostly, then every way a body can be wrong. */
function bodyArbitrary(doc: OpenAPIV3.Document, op: FuzzOperation, ctx: FuzzContext): fc.Arbitrary<BodyPlan> {
  const schema = op.body?.schema ?? { type: 'object' as const, properties: {} };
  const props = Object.entries(schema.properties ?? {}).map(([k, v]) => [k, resolveSchema(doc, v)] as const);
  const valid = schemaArbitrary(doc, schema);
  const asObject = valid.map((v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Json>) : {},
  );
  const jsonBody =
    (kind: string) =>
    (value: Json): BodyPlan => ({ kind, contentType: 'application/json', body: json(value) });
  const limit = ctx.bodyLimitBytes;

  const values: Array<fc.WeightedArbitrary<BodyPlan>> = [
    { weight: 8, arbitrary: valid.map(jsonBody('body:valid')) },
    {
      weight: props.length ? 10 : 0,
      arbitrary: props.length
        ? fc
            .integer({ min: 0, max: props.length - 1 })
            .chain((i) =>
              fc
                .tuple(asObject, badValue(props[i][1]))
                .map(([v, bad]) => jsonBody(`body:bad-${props[i][0]}`)({ ...v, [props[i][0]]: bad })),
            )
        : fc.constant({ kind: 'none' }),
    },
    {
      weight: schema.required?.length ? 3 : 0,
      arbitrary: schema.required?.length
        ? fc.tuple(asObject, fc.subarray(schema.required, { minLength: 1 })).map(([v, drop]) => {
            const copy = { ...v };
            for (const k of drop) delete copy[k];
            return jsonBody(`body:missing-${drop.join('+')}`)(copy);
          })
        : fc.constant({ kind: 'none' }),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          asObject,
          fc.subarray(PRIVILEGE_FIELDS, { minLength: 1 }),
          fc.constantFrom<Json>(true, 1, 0, '1', 'approved', null, ctx.protectedUserIds[0] ?? 1),
        )
        .map(([v, fields, value]) =>
          jsonBody('body:privilege')({ ...v, ...Object.fromEntries(fields.map((f) => [f, value])) }),
        ),
    },
    { weight: 2, arbitrary: typeConfusion.map(jsonBody('body:type-confusion')) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom(
            'truncate',
            'trailing',
            'bom',
            'invalid-utf8',
            'single-quotes',
            'nul',
            'empty',
            'comment',
          ),
        )
        .map(([v, how]) => {
          const text = JSON.stringify(v) ?? '{}';
          const body: Record<string, Buffer> = {
            truncate: Buffer.from(text.slice(0, Math.max(1, text.length - 1))),
            trailing: Buffer.from(`${text},}`),
            bom: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
            'invalid-utf8': Buffer.concat([
              Buffer.from('{"name":"'),
              Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
              Buffer.from('"}'),
            ]),
            'single-quotes': Buffer.from(text.replace(/"/g, "'")),
            nul: Buffer.from(`${text}\u0000`),
            empty: Buffer.alloc(0),
            comment: Buffer.from(`/* x */${text}`),
          };
          return { kind: `json:broken-${how}`, contentType: 'application/json', body: body[how] };
        }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom(
            'text/plain',
            'form',
            'form-nested',
            'multipart-junk',
            'multipart-empty',
            'xml',
            'none',
            'utf16',
            'latin1',
            'json-suffix',
            'star',
          ),
        )
        .map(([v, how]): BodyPlan => {
          const text = JSON.stringify(v) ?? '{}';
          switch (how) {
            case 'text/plain':
              return { kind: 'type:text', contentType: 'text/plain', body: Buffer.from(text) };
            case 'form':
              return {
                kind: 'type:form',
                contentType: 'application/x-www-form-urlencoded',
                body: Buffer.from(formEncode(v).join('&')),
              };
            case 'form-nested':
              return {
                kind: 'type:form-nested',
                contentType: 'application/x-www-form-urlencoded',
                body: Buffer.from(`a${'[b]'.repeat(100)}=1&c[]=1&c[5000]=2&__proto__[is_admin]=1`),
              };
            case 'multipart-junk':
              return {
                kind: 'type:multipart-junk',
                contentType: 'multipart/form-data; boundary=XyZ',
                body: Buffer.from(
                  '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="../../x"\r\n\r\n\u0000\u00ff junk',
                ),
              };
            case 'multipart-empty':
              return {
                kind: 'type:multipart-no-boundary',
                contentType: 'multipart/form-data',
                body: Buffer.from(text),
              };
            case 'xml':
              return {
                kind: 'type:xml',
                contentType: 'application/xml',
                body: Buffer.from(
                  '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
                ),
              };
            case 'none':
              return { kind: 'type:none', body: Buffer.from(text) };
            case 'utf16':
              return {
                kind: 'type:json-utf16',
                contentType: 'application/json; charset=utf-16',
                body: Buffer.from(text, 'utf16le'),
              };
            case 'latin1':
              return {
                kind: 'type:json-latin1',
                contentType: 'application/json; charset=iso-8859-1',
                body: Buffer.from(text, 'latin1'),
              };
            case 'json-suffix':
              return {
                kind: 'type:vnd-json',
                contentType: 'application/vnd.api+json',
                body: Buffer.from(text),
              };
            default:
              return { kind: 'type:star', contentType: '*/*', body: Buffer.from(text) };
          }
        }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom(
            'gzip',
            'deflate',
            'br',
            'gzip-garbage',
            'deflate-garbage',
            'br-garbage',
            'gzip-truncated',
            'double',
            'unknown',
            'identity',
          ),
        )
        .map(([v, how]): BodyPlan => {
          const raw = json(v);
          const garbage = Buffer.from('\u001f\u008b this is not compressed at all \u0000\u00ff');
          const table: Record<string, [string, Buffer]> = {
            gzip: ['gzip', gzipSync(raw)],
            deflate: ['deflate', deflateSync(raw)],
            br: ['br', brotliCompressSync(raw)],
            'gzip-garbage': ['gzip', garbage],
            'deflate-garbage': ['deflate', garbage],
            'br-garbage': ['br', garbage],
            'gzip-truncated': ['gzip', gzipSync(raw).subarray(0, 12)],
            double: ['gzip, br', gzipSync(raw)],
            unknown: ['zstd-bogus', raw],
            identity: ['identity', raw],
          };
          const [encoding, body] = table[how];
          return {
            kind: `encoding:${how}`,
            contentType: 'application/json',
            contentEncoding: encoding,
            body,
          };
        }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(1000, 65, 64, 10_000).chain((levels) =>
        fc.constantFrom<'object' | 'array'>('object', 'array').map((shape) => ({
          kind: `nest:${shape}-${levels}`,
          contentType: 'application/json',
          body: Buffer.from(nested(levels, shape)),
        })),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('json', 'gzip-bomb', 'form').map((how): BodyPlan => {
        const big = `{"name":"${'x'.repeat(limit + 1024)}"}`;
        if (how === 'gzip-bomb')
          return {
            kind: 'huge:gzip-bomb',
            contentType: 'application/json',
            contentEncoding: 'gzip',
            body: gzipSync(Buffer.from(big)),
          };
        if (how === 'form')
          return {
            kind: 'huge:form',
            contentType: 'application/x-www-form-urlencoded',
            body: Buffer.from(`name=${'x'.repeat(limit + 1024)}`),
          };
        return { kind: 'huge:json', contentType: 'application/json', body: Buffer.from(big) };
      }),
    },
  ];
  return fc.oneof(...values.filter((v) => v.weight > 0));
}

const MISSING_IDS: Array<number | string> = [
  999999,
  2147483647,
  2147483648,
  0,
  -1,
  '9007199254740993',
  '1.5',
  '1e3',
  'abc',
  '%201',
  '1%20',
  '0x1f',
  'null',
  '%00',
  '%ZZ',
  '%F0%9F%90%A0',
  "1'%20OR%20'1'='1",
  '..%2F..%2F',
];

function pathSegmentArbitrary(
  param: FuzzParameter,
  segmentBefore: string,
  ctx: FuzzContext,
): fc.Arbitrary<{ value: string; kind: string }> {
  const known = ctx.strings[param.name] ?? ctx.ids[segmentBefore] ?? [];
  const real = known.filter((v) => !(segmentBefore === 'users' && ctx.protectedUserIds.includes(Number(v))));
  const choices: Array<fc.WeightedArbitrary<{ value: string; kind: string }>> = [
    {
      weight: 2,
      arbitrary: fc.constantFrom(...MISSING_IDS).map((v) => ({ value: String(v), kind: 'path:odd' })),
    },
    {
      weight: 1,
      arbitrary: hostileString.map((v) => ({
        value: encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, '')) || 'x',
        kind: 'path:hostile',
      })),
    },
  ];
  if (real.length)
    choices.push({
      weight: 7,
      arbitrary: fc
        .constantFrom(...real)
        .map((v) => ({ value: encodeURIComponent(String(v)), kind: 'path:real' })),
    });
  return fc.oneof(...choices);
}

const asText = (v: Json): string => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v));
const queryPair = (name: string, v: string) =>
  `${encodeURIComponent(name)}=${encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))}`;

/**
 * Values a description lists when the schema cannot ("One of 1, 3, 5 (else 400)", "asc or desc",
 * "minimal (…), basic (…) or full"): the only prose the generator reads, to get past such checks.
 */
export function valuesFromDescription(description = ''): string[] {
  const m = /^(?:One of )?([\w-]+(?: \([^)]*\))?(?:, [\w-]+(?: \([^)]*\))?)*,? or [\w-]+)\b/.exec(
    description,
  );
  const list = /^One of ([\w-]+(?:, [\w-]+)+)/.exec(description);
  if (list) return list[1].split(', ');
  if (!m) return [];
  return m[1]
    .replace(/ \([^)]*\)/g, '')
    .split(/, | or |,? or /)
    .map((v) => v.replace(/^or /, '').trim())
    .filter(Boolean);
}

/** A parameter as the schema wants it (or left out when optional): repeated or comma-separated arrays. */
function goodQueryParam(doc: OpenAPIV3.Document, p: FuzzParameter): fc.Arbitrary<string[]> {
  const listed = valuesFromDescription(p.description);
  const valid = listed.length
    ? fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom<Json>(...listed) },
        { weight: 1, arbitrary: schemaArbitrary(doc, p.schema, p.name) },
      )
    : schemaArbitrary(doc, p.schema, p.name);
  return fc.oneof(
    { weight: p.required ? 0 : 6, arbitrary: fc.constant<string[]>([]) },
    {
      weight: 5,
      arbitrary: valid.map((v) =>
        (Array.isArray(v) ? v.map(asText) : [asText(v)]).map((x) => queryPair(p.name, x)),
      ),
    },
    {
      weight: 1,
      arbitrary: valid.map((v) => [
        queryPair(p.name, Array.isArray(v) ? v.map(asText).join(',') : asText(v)),
      ]),
    },
  );
}

/** A parameter the schema refuses: boundary, hostile or mistyped text, repeated scalars, brackets. */
function badQueryParam(doc: OpenAPIV3.Document, p: FuzzParameter): fc.Arbitrary<string[]> {
  const s = p.schema;
  const valid = schemaArbitrary(doc, s, p.name);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: badValue(s.type === 'array' && s.items ? resolveSchema(doc, s.items) : s).map((v) => [
        queryPair(p.name, asText(v)),
      ]),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, valid)
        .map(([a, b]) => [queryPair(p.name, asText(a)), queryPair(p.name, asText(b))]),
    },
    { weight: p.required ? 1 : 0, arbitrary: fc.constant<string[]>([]) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<string[]>(
        [`${p.name}[a]=1`],
        [`${p.name}[]=1&${p.name}[]=2`],
        [`${p.name}=%ZZ`],
        [`${p.name}=%00`],
        [p.name],
        [`${p.name}[__proto__]=1`],
      ),
    },
  );
}

/** Mostly every parameter good (so handlers run), else exactly one bad (so each check is reached). */
function queryArbitrary(doc: OpenAPIV3.Document, op: FuzzOperation): fc.Arbitrary<string> {
  const params = op.parameters.filter((p) => p.in === 'query');
  const good = fc.tuple(...params.map((p) => goodQueryParam(doc, p)));
  const bad = params.map((p) => badQueryParam(doc, p));
  const extra = fc.oneof(
    { weight: 8, arbitrary: fc.constant<string[]>([]) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        ['is_admin=true'],
        ['__proto__[x]=1'],
        ['constructor[prototype][x]=1'],
        [`q=${'x'.repeat(8000)}`],
        ['a[b][c][d][e][f][g]=1'],
      ),
    },
  );
  const oneBad = params.length
    ? fc
        .integer({ min: 0, max: params.length - 1 })
        .chain((i) => fc.tuple(good, bad[i]).map(([g, b]) => g.map((v, j) => (j === i ? b : v))))
    : good;
  return fc
    .tuple(fc.oneof({ weight: 3, arbitrary: good }, { weight: 2, arbitrary: oneBad }), extra)
    .map(([ps, e]) => [...ps.flat(), ...e].join('&'));
}

interface Auth {
  role: Role;
  authorization?: string;
}

function authArbitrary(op: FuzzOperation, ctx: FuzzContext): fc.Arbitrary<Auth> {
  const anonymous = fc.constant<Auth>({ role: 'anonymous' });
  const pick = (role: 'user' | 'moderator' | 'admin' | 'victim'): fc.Arbitrary<Auth> =>
    ctx.tokens[role].length
      ? fc.constantFrom(...ctx.tokens[role]).map((t): Auth => ({ role, authorization: `Bearer ${t}` }))
      : anonymous;
  // Deleting one's own account: only throwaway users do that, so the other tokens keep working.
  if (op.id === 'DELETE /api/v1/users/me') return fc.oneof(pick('victim'), anonymous);
  const forged = fc
    .constantFrom(...ctx.forgedAuthorizations)
    .map((a): Auth => ({ role: 'forged', authorization: a }));
  return fc.oneof(
    { weight: 2, arbitrary: anonymous },
    { weight: 4, arbitrary: pick('user') },
    { weight: 3, arbitrary: pick('moderator') },
    { weight: 5, arbitrary: pick('admin') },
    { weight: 2, arbitrary: forged },
  );
}

/** The arbitrary of whole requests for one operation. */
export function requestArbitrary(
  doc: OpenAPIV3.Document,
  op: FuzzOperation,
  ctx: FuzzContext,
): fc.Arbitrary<Omit<FuzzRequest, 'index'>> {
  const segments = op.path.split('/');
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const pathArb = fc.tuple(
    ...pathParams.map((p) => {
      const at = segments.indexOf(`{${p.name}}`);
      return pathSegmentArbitrary(p, segments[at - 1] ?? '', ctx).map((v) => [p.name, v] as const);
    }),
  );
  const sendsBody = !!op.body || op.method !== 'GET';
  const body =
    op.body?.contentType === 'multipart/form-data' ? multipartArbitrary() : bodyArbitrary(doc, op, ctx);
  const noBody = fc.constant<BodyPlan>({ kind: 'body:none' });
  const bodyArb = sendsBody
    ? fc.oneof({ weight: 12, arbitrary: body }, { weight: 1, arbitrary: noBody })
    : fc.oneof({ weight: 10, arbitrary: noBody }, { weight: 1, arbitrary: body });
  const trailingSlash = fc.oneof(
    { weight: 6, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constant('/') },
  );
  const cookie = fc.oneof(
    { weight: 12, arbitrary: fc.constant<string | undefined>(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'refresh_token=garbage',
        'refresh_token=',
        `refresh_token=${'a'.repeat(5000)}`,
        'refresh_token=%ZZ; a=b',
        'google_oauth_state=s%3Ajunk.sig',
      ),
    },
  );
  return fc
    .tuple(pathArb, queryArbitrary(doc, op), bodyArb, authArbitrary(op, ctx), trailingSlash, cookie)
    .map(([path, query, b, auth, slash, cookieValue]) => {
      let url = op.path;
      const kinds: string[] = [];
      for (const [name, v] of path) {
        url = url.replace(`{${name}}`, v.value);
        if (v.kind !== 'path:real') kinds.push(v.kind);
      }
      if (slash && !url.endsWith('/')) url += slash;
      if (query) url += `?${query}`;
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (auth.authorization) headers.Authorization = auth.authorization;
      if (b.contentType) headers['Content-Type'] = b.contentType;
      if (b.contentEncoding) headers['Content-Encoding'] = b.contentEncoding;
      if (cookieValue) headers.Cookie = cookieValue;
      kinds.unshift(b.kind);
      if (auth.role === 'forged') kinds.push('auth:forged');
      return {
        operation: op.id,
        kind: kinds.join(' '),
        role: auth.role,
        method: op.method,
        path: url,
        headers,
        body: b.body,
      };
    });
}

function multipartArbitrary(): fc.Arbitrary<BodyPlan> {
  const boundary = '----divemapfuzz';
  return fc
    .tuple(
      fc.oneof(
        fc.constantFrom(
          'Trip on 2030-05-01 at Blue Hole, 2 dives, 80 EUR',
          '',
          'From: a@b\r\nSubject: x\r\n\r\nbody',
          '\u0000\u00ff'.repeat(100),
        ),
        hostileString,
      ),
      fc.constantFrom('file', 'other', 'file[]'),
      fc.constantFrom('text/plain', 'message/rfc822', 'application/octet-stream', 'image/png'),
      fc.boolean(),
    )
    .map(([content, field, type, closed]) => ({
      kind: `multipart:${field}${closed ? '' : '-unterminated'}`,
      contentType: `multipart/form-data; boundary=${boundary}`,
      body: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="n.eml"\r\nContent-Type: ${type}\r\n\r\n${content}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="use_openai"\r\n\r\ntrue\r\n${closed ? `--${boundary}--\r\n` : ''}`,
      ),
    }));
}

// ---------------------------------------------------------------------------------------------
// The plan and the run

export interface FuzzPlan {
  doc: OpenAPIV3.Document;
  seed: number;
  operations: FuzzOperation[];
  arbitraries: Array<fc.Arbitrary<Omit<FuzzRequest, 'index'>>>;
}

export function createPlan(doc: OpenAPIV3.Document, ctx: FuzzContext, seed: number): FuzzPlan {
  const operations = listOperations(doc);
  return { doc, seed, operations, arbitraries: operations.map((op) => requestArbitrary(doc, op, ctx)) };
}

/** A 32-bit seed for request `index` of run `seed` (splitmix-style, so neighbours differ). */
export function mixSeed(seed: number, index: number): number {
  let x = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) | 0;
}

/** Request `index` of the plan: operation `index % n`, drawn from fast-check with a derived seed. */
export function buildRequest(plan: FuzzPlan, index: number): FuzzRequest {
  const arb = plan.arbitraries[index % plan.arbitraries.length];
  const [value] = fc.sample(arb, { seed: mixSeed(plan.seed, index), numRuns: 1 });
  return { index, ...value };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One request over node:http (the bytes go out as given); an answer is any status line. */
export function send(baseUrl: string, req: FuzzRequest, timeoutMs: number): Promise<FuzzResult> {
  const started = Date.now();
  return new Promise<FuzzResult>((resolve) => {
    let settled = false;
    const done = (result: Omit<FuzzResult, 'request' | 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ request: req, ms: Date.now() - started, ...result });
    };
    const url = new URL(baseUrl);
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body) headers['Content-Length'] = req.body.length;
    let status: number | undefined;
    let r: ReturnType<typeof httpRequest>;
    try {
      r = httpRequest(
        { host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent },
        (res) => {
          status = res.statusCode;
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            if (size < 4096) chunks.push(c);
            size += c.length;
          });
          res.on('end', () =>
            done({ status, responseBody: Buffer.concat(chunks).toString('utf8').slice(0, 4096) }),
          );
          res.on('error', (e) => done({ status, error: e.message }));
        },
      );
    } catch (e) {
      // The client refused to send it (a header or path it cannot write): a bug of the generator.
      resolve({ request: req, ms: 0, error: `client: ${(e as Error).message}` });
      return;
    }
    const timer = setTimeout(() => {
      r.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    r.on('error', (e) => {
      // The server may answer (413) and close before it read the whole body: an answer all the same.
      if (status !== undefined) done({ status, responseBody: '' });
      else done({ error: e.message });
    });
    r.end(req.body);
  });
}

/** `GET /health` once the run is over: the service must still be healthy. */
export async function finalHealth(baseUrl: string): Promise<FuzzResult> {
  const health = await send(
    baseUrl,
    {
      index: -1,
      operation: 'GET /health',
      kind: 'final',
      role: 'anonymous',
      method: 'GET',
      path: '/health',
      headers: {},
    },
    10_000,
  );
  return health;
}

export interface FuzzReport {
  seed: number;
  requests: number;
  ms: number;
  histogram: Record<string, number>;
  failures: FuzzResult[];
  byOperation: Record<string, Record<string, number>>;
}

/** A result is a failure when nothing answered or the answer is a 5xx. */
export function isFailure(r: FuzzResult): boolean {
  return r.status === undefined || r.status >= 500;
}

export async function runFuzz(options: {
  baseUrl: string;
  plan: FuzzPlan;
  requests: number;
  concurrency?: number;
  timeoutMs?: number;
  /** Only these request indexes (replaying a failure). */
  only?: number[];
  onProgress?: (done: number, total: number) => void;
}): Promise<FuzzReport> {
  const { baseUrl, plan, concurrency = 8, timeoutMs = 10_000 } = options;
  const indexes = options.only ?? Array.from({ length: options.requests }, (_, i) => i);
  const report: FuzzReport = {
    seed: plan.seed,
    requests: 0,
    ms: 0,
    histogram: {},
    failures: [],
    byOperation: {},
  };
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < indexes.length) {
      const req = buildRequest(plan, indexes[next++]);
      const result = await send(baseUrl, req, timeoutMs);
      const key = result.status === undefined ? 'no answer' : String(result.status);
      report.requests++;
      report.histogram[key] = (report.histogram[key] ?? 0) + 1;
      const perOp = (report.byOperation[req.operation] ??= {});
      perOp[key] = (perOp[key] ?? 0) + 1;
      if (isFailure(result)) report.failures.push(result);
      if (report.requests % 500 === 0) options.onProgress?.(report.requests, indexes.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  report.ms = Date.now() - started;
  report.failures.sort((a, b) => a.request.index - b.request.index);
  return report;
}

function excerpt(body: Buffer | undefined, max = 300): string {
  if (!body) return '(none)';
  const text = body.toString('utf8');
  const shown = JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
  return `${body.length} bytes ${shown}`;
}

/** One failure, enough to replay it: seed, index, operation, the exact request and the answer. */
export function formatFailure(seed: number, r: FuzzResult): string {
  const req = r.request;
  const headers = Object.entries(req.headers)
    .map(([k, v]) => `${k}: ${v.length > 80 ? `${v.slice(0, 80)}…` : v}`)
    .join(' | ');
  return [
    `#${req.index} seed=${seed} ${req.operation} [${req.kind}] role=${req.role} (${r.ms} ms)`,
    `  ${req.method} ${req.path.length > 300 ? `${req.path.slice(0, 300)}…` : req.path}`,
    `  headers: ${headers}`,
    `  body: ${excerpt(req.body)}`,
    `  → ${r.status ?? 'NO ANSWER'} ${r.error ?? (r.responseBody ?? '').slice(0, 400)}`,
    `  replay: npm run fuzz -- --seed ${seed} --only ${req.index}`,
  ].join('\n');
}

export function formatSummary(report: FuzzReport, maxFailures = 20): string {
  const hist = Object.entries(report.histogram)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  const lines = [
    `fuzz: seed ${report.seed}, ${report.requests} requests in ${(report.ms / 1000).toFixed(1)} s; statuses ${hist}`,
  ];
  if (report.failures.length) {
    const distinct = new Map<string, number>();
    for (const f of report.failures) {
      const key = `${f.request.operation} → ${f.status ?? 'no answer'}`;
      distinct.set(key, (distinct.get(key) ?? 0) + 1);
    }
    lines.push(`${report.failures.length} failures (5xx or unanswered):`);
    for (const [key, n] of distinct) lines.push(`  ${n}× ${key}`);
    for (const f of report.failures.slice(0, maxFailures)) lines.push(formatFailure(report.seed, f));
    if (report.failures.length > maxFailures)
      lines.push(`  … and ${report.failures.length - maxFailures} more`);
  }
  return lines.join('\n');
}
