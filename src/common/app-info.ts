import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface PackageJson {
  name: string;
  version: string;
  description?: string;
}

/** Name and version from package.json (read once; works from src/ under ts-node and from dist/). */
function readPackageJson(): PackageJson {
  for (const up of ['..', '../..', '../../..']) {
    try {
      return JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as PackageJson;
    } catch {
      // try the next level up
    }
  }
  return { name: 'divemap-backend', version: '0.0.0' };
}

const pkg = readPackageJson();

export const APP_INFO = {
  name: 'Divemap API',
  packageName: pkg.name,
  version: pkg.version,
  description: pkg.description ?? 'Divemap backend',
} as const;
