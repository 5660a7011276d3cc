#!/usr/bin/env node
// The half of the dependency rule that an import graph cannot see: SQL text naming another module's
// tables (issue 14, docs/architecture.md "Read models"). A table belongs to the module whose
// entities/ declares it (`@Entity('name')`). Outside its owner, a table may be named only by the
// owner's read models (`<owner>/*.read-model.ts`, imported like a service). Checked here: every
// .ts file under src/modules (entities and specs aside) and src/common. Run by `npm run lint`
// (`npm run sql:check`); `--root <dir>` checks another tree laid out like the repository (the
// fixture of test/e2e/dependency-rules.e2e-spec.ts). Exit 1 with one line per violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const rootArg = process.argv.indexOf('--root');
const ROOT = rootArg > 0 ? process.argv[rootArg + 1] : process.cwd();

function walk(dir) {
  let out = [];
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(walk(path));
    else if (path.endsWith('.ts')) out.push(path);
  }
  return out;
}

const rel = (path) => relative(ROOT, path).split(sep).join('/');
const moduleOf = (path) => /^src\/modules\/([^/]+)\//.exec(rel(path))?.[1];

/** table name -> owning module */
const owners = new Map();
const sources = walk(join(ROOT, 'src', 'modules')).concat(walk(join(ROOT, 'src', 'common')));
for (const file of sources) {
  if (!rel(file).includes('/entities/')) continue;
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/@Entity\(\s*(?:\{\s*name:\s*)?['"]([A-Za-z0-9_]+)['"]/g)) {
    owners.set(m[1], moduleOf(file));
  }
}

// A table named as SQL names it: after FROM, JOIN, INTO, UPDATE (optionally back-quoted). SQL keywords
// are upper case in this code base, so prose ("from users") does not count.
const TABLE_REF = /\b(?:FROM|JOIN|INTO|UPDATE)\s+`?([a-z][a-z0-9_]*)`?/g;

const violations = [];
for (const file of sources) {
  const path = rel(file);
  if (path.includes('/entities/') || path.endsWith('.spec.ts')) continue;
  const module = moduleOf(file) ?? 'common';
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    for (const m of line.matchAll(TABLE_REF)) {
      const owner = owners.get(m[1]);
      if (owner === undefined || owner === module) continue;
      violations.push(
        `${path}:${index + 1}: names the table ${m[1]} of module ${owner}; read it through ` +
          `${owner}'s read model (src/modules/${owner}/*.read-model.ts) or service`,
      );
    }
  });
}

if (owners.size === 0) {
  console.error(`sql-ownership: no entity found under ${join(ROOT, 'src')}: nothing to check against`);
  process.exit(2);
}
if (violations.length > 0) {
  for (const v of violations) console.error(`  error sql-ownership: ${v}`);
  console.error(`\nx ${violations.length} SQL references to another module's table`);
  process.exit(1);
}
console.log(`✔ sql-ownership: no module names another module's table (${owners.size} tables, ${sources.length} files)`);
