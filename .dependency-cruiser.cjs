// @ts-check
// The dependency rule of ../shared/DESIGN.md ("Dependencies point one way"), checked by
// dependency-cruiser in `npm run lint` (npm run deps:check). docs/architecture.md explains each rule;
// keep the two in agreement. Violations that exist today are recorded in
// .dependency-cruiser-known-violations.json (npm run deps:baseline), which may only shrink.
const path = require('node:path');

/**
 * Which other feature modules (src/modules/<m>/) each feature module may import. The layers, top to
 * bottom: auth | profiles | trips -> dives -> centers -> sites -> tags, difficulty, organizations -> users;
 * a module may use any module below it, never one above or beside it (listed explicitly here).
 * Every module may also import src/common, src/database (not its cli/) and src/config.
 * A new folder under src/modules/ must be added here (rule `module-not-in-the-rule`).
 * @type {Record<string, string[]>}
 */
const ALLOWED = {
  users: [],
  difficulty: [],
  tags: ['users'],
  organizations: ['users'],
  sites: ['tags', 'difficulty', 'organizations', 'users'],
  centers: ['sites', 'tags', 'difficulty', 'organizations', 'users'],
  dives: ['sites', 'centers', 'tags', 'difficulty', 'organizations', 'users'],
  trips: ['dives', 'sites', 'centers', 'tags', 'difficulty', 'organizations', 'users'],
  auth: ['users'],
  profiles: ['dives', 'centers', 'sites', 'tags', 'difficulty', 'organizations', 'users'],
  health: [],
  metrics: [],
  root: [],
};

// The table above must itself be one-way: refuse a cycle in it (a -> ... -> a) at load time.
(function assertAcyclic() {
  const state = new Map();
  const visit = (m, trail) => {
    if (state.get(m) === 'done') return;
    if (state.get(m) === 'open')
      throw new Error(`.dependency-cruiser.cjs: ALLOWED has a cycle: ${[...trail, m].join(' -> ')}`);
    state.set(m, 'open');
    for (const n of ALLOWED[m] ?? []) {
      if (!(n in ALLOWED)) throw new Error(`.dependency-cruiser.cjs: ALLOWED.${m} names unknown module ${n}`);
      visit(n, [...trail, m]);
    }
    state.set(m, 'done');
  };
  for (const m of Object.keys(ALLOWED)) visit(m, []);
})();

const MODULES = Object.keys(ALLOWED);
const anyOf = (names) => `(${names.join('|')})`;

/**
 * A module's public surface for other modules: its Nest module file, the injectables it exports
 * (`*.service.ts`, `*.policy.ts`), the SQL read models it exports (`*.read-model.ts`, checked by
 * scripts/check-sql-ownership.mjs) and its DTOs (`dto/*.dto.ts`, which responses embed).
 */
const PUBLIC_SURFACE = [
  '[.]module[.]ts$',
  '[.]service[.]ts$',
  '[.]policy[.]ts$',
  '[.]read-model[.]ts$',
  '/dto/[^/]+[.]dto[.]ts$',
];
const SPEC = '[.]spec[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // ---- Feature modules: one-way arrows between them ----------------------------------------
    ...MODULES.map((m) => ({
      name: `arrow-from-${m}`,
      severity: 'error',
      comment:
        `src/modules/${m} may import only these feature modules: ${ALLOWED[m].join(', ') || 'none'} ` +
        '(.dependency-cruiser.cjs ALLOWED, docs/architecture.md). Reverse or sideways arrows make cycles: ' +
        'move the shared piece down (common/, database/) or invert it with an interface in common/.',
      from: { path: `^src/modules/${m}/` },
      to: { path: '^src/modules/', pathNot: `^src/modules/${anyOf([m, ...ALLOWED[m]])}/` },
    })),
    {
      name: 'module-not-in-the-rule',
      severity: 'error',
      comment:
        'A folder under src/modules/ that .dependency-cruiser.cjs ALLOWED does not list: add it there (and to ' +
        'docs/architecture.md) with the modules it may import.',
      from: { path: '^src/modules/([^/]+)/', pathNot: `^src/modules/${anyOf(MODULES)}/` },
      to: { path: '^src/modules/', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'through-public-surface',
      severity: 'error',
      comment:
        'Another module is used through its module file, its exported services and its DTOs only - never its ' +
        'repository, controller, mapper or other internals (DESIGN.md: "through that module\'s exported ' +
        'service, never through its repository"). Export what you need from its service, or move a shared ' +
        'piece to common/.',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/[^/]+/',
        pathNot: ['^src/modules/$1/', '/entities/[^/]+[.]entity[.]ts$', ...PUBLIC_SURFACE],
      },
    },
    {
      name: 'foreign-entity-outside-entities',
      severity: 'error',
      comment:
        "Another module's entity may be imported by an entity (a relation, i.e. a foreign key), as a type " +
        '(`import type`) or by a spec (a fixture). A value import anywhere else is a query on its table ' +
        "(forFeature, getRepository, em.find): ask the owning module's service instead.",
      from: { path: '^src/modules/([^/]+)/', pathNot: ['/entities/', SPEC] },
      to: {
        path: '^src/modules/[^/]+/entities/',
        pathNot: '^src/modules/$1/',
        dependencyTypesNot: ['type-only'],
      },
    },

    // ---- The core: common, database, config --------------------------------------------------
    {
      name: 'core-imports-no-feature',
      severity: 'error',
      comment:
        'src/common, src/config and src/database (its cli/ aside) know no feature module and no composition ' +
        'root (DESIGN.md): pass what they need in, or define an interface in common/ that a module implements.',
      from: { path: '^src/(common|config|database)/', pathNot: '^src/database/cli/' },
      to: { path: ['^src/modules/', '^src/[^/]+[.]ts$'] },
    },
    {
      name: 'cli-uses-features-through-services',
      severity: 'error',
      comment:
        'The database CLI (src/database/cli, `npm run db`) is an entry point like main.ts: it may call a feature ' +
        "through that module's module file or exported services, never its entities, repositories or internals.",
      from: { path: '^src/database/cli/' },
      to: { path: '^src/modules/', pathNot: PUBLIC_SURFACE },
    },
    {
      name: 'nothing-imports-the-cli',
      severity: 'error',
      comment: 'src/database/cli is an entry point: nothing outside it imports it (specs aside).',
      from: { path: '^src/', pathNot: ['^src/database/cli/', SPEC] },
      to: { path: '^src/database/cli/' },
    },
    {
      name: 'nothing-imports-the-composition-root',
      severity: 'error',
      comment:
        'src/*.ts (main, app.module, app.setup, the generated metadata) wire everything together; no module, ' +
        'common or database file imports them.',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/[^/]+[.]ts$' },
    },

    // ---- Hygiene ------------------------------------------------------------------------------
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Circular imports (Nest resolves them with forwardRef at best, undefined at worst). Break the cycle. ' +
        "Exempt: a cycle of entities only - TypeORM's two-sided relations (`() => Other`), resolved lazily.",
      from: { pathNot: '/entities/[^/]+[.]entity[.]ts$' },
      to: { circular: true },
    },
    {
      name: 'src-imports-no-test',
      severity: 'error',
      comment:
        'Production code never imports test/ (support, fixtures): the build and the image do not contain it.',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-spec',
      severity: 'error',
      comment: 'A spec file is imported by nobody; move shared test code to test/support/.',
      from: {},
      to: { path: '[.](spec|e2e-spec)[.]ts$' },
    },
    {
      name: 'not-to-dev-dependency',
      severity: 'error',
      comment:
        'Production code (src/, specs aside) imports only `dependencies`: the production image installs no ' +
        'devDependencies.',
      from: { path: '^src/', pathNot: SPEC },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import that resolves to nothing on disk (src/metadata.ts is generated before builds and tests, so a fresh clone lacks it).',
      from: { pathNot: '^src/app[.]setup[.]ts$' },
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-unresolvable-but-metadata',
      severity: 'error',
      comment:
        'app.setup.ts may import the generated ./metadata (absent on a fresh clone), and nothing else unresolvable.',
      from: { path: '^src/app[.]setup[.]ts$' },
      to: { couldNotResolve: true, pathNot: '^[.]/metadata$' },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment:
        'A source file nothing imports and that imports nothing: dead code, or an entry point to list here.',
      from: {
        orphan: true,
        pathNot: ['[.]d[.]ts$', SPEC, '^src/database/migrations/'],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(__dirname, 'tsconfig.json') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
      mainFields: ['main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};

// For test/e2e/dependency-rules.e2e-spec.ts (docs/architecture.md's table must equal it); not
// enumerable, so dependency-cruiser's configuration schema never sees it.
Object.defineProperty(module.exports, 'ALLOWED', { value: ALLOWED, enumerable: false });
