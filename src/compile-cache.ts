import { enableCompileCache } from 'node:module';
import { join } from 'node:path';

/**
 * Node's on-disk cache of compiled code (`module.enableCompileCache`): a start after the first skips
 * compiling the ~1,000 modules the service loads, about a tenth of its cold start (README,
 * "Benchmark"). It lives in `node_modules/.cache/node-compile-cache` beside the installed packages; the
 * image fills it at build time, so a read-only root file system still reads it. Entries are keyed by
 * file content and Node version, so a stale entry is never used. Failing to open the directory only
 * leaves the cache off; NODE_COMPILE_CACHE (a directory) or NODE_DISABLE_COMPILE_CACHE=1 override it.
 * Imported first by main.ts, before any other module is compiled.
 */
export const COMPILE_CACHE_DIR = join(__dirname, '..', 'node_modules', '.cache', 'node-compile-cache');

if (!process.env.NODE_COMPILE_CACHE) enableCompileCache(COMPILE_CACHE_DIR);
