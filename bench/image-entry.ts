import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Node flags of the image's entry point: what docker/Dockerfile's `CMD ["node", ..., "dist/main.js"]`
 * puts between node and the script. The bench and the entry-point smoke test start the service with
 * them, so what they measure and prove is what the image runs; `npm start` uses the same flags (a unit
 * test keeps the two equal).
 */
export function imageNodeFlags(root = join(__dirname, '..')): string[] {
  const dockerfile = readFileSync(join(root, 'docker', 'Dockerfile'), 'utf8');
  const cmd = /^CMD (\[.*\])\s*$/m.exec(dockerfile);
  const args = cmd ? (JSON.parse(cmd[1]) as unknown[]) : [];
  if (args[0] !== 'node' || args.at(-1) !== 'dist/main.js' || !args.every((a) => typeof a === 'string')) {
    throw new Error(`docker/Dockerfile: expected CMD ["node", ..., "dist/main.js"], found ${cmd?.[1] ?? 'none'}`);
  }
  return args.slice(1, -1);
}
