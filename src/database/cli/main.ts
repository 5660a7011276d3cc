import 'reflect-metadata';
import { loadDotEnv } from '../../config/configuration';
import { runCli } from './cli';
import { messageOf } from './errors';

/** `npm run db -- <command>`: reads .env, then runs the command; the logic is in cli.ts for in-process tests. */
async function main(): Promise<number> {
  try {
    loadDotEnv();
  } catch (error) {
    console.error(`error: cannot read .env: ${messageOf(error)}`);
    return 1;
  }
  return runCli(process.argv.slice(2), { env: process.env, out: console });
}

void main().then((code) => {
  process.exitCode = code;
});
