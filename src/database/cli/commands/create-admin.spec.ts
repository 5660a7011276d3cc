import { PassThrough } from 'node:stream';
import { runCli, USAGE } from '../cli';
import { createContext } from '../context';
import { CliError } from '../errors';
import {
  ADMIN_PASSWORD_ENV,
  NO_PASSWORD_SOURCE,
  obtainPassword,
  parseCreateAdminArgs,
  readHiddenLine,
  type PromptIO,
} from './create-admin';

/** A fake terminal: what the user types goes into `input`; what the prompt shows is collected. */
function fakeTerminal(isTTY = true) {
  const input = Object.assign(new PassThrough(), { isTTY, setRawMode: jest.fn() });
  const shown: string[] = [];
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => shown.push(chunk.toString()));
  const io: PromptIO = { input, output };
  return { io, input, shown: () => shown.join('') };
}

describe('create-admin command line', () => {
  it('takes a username, an e-mail and an optional --promote', () => {
    expect(parseCreateAdminArgs(['first_admin', 'admin@example.org'])).toEqual({
      username: 'first_admin',
      email: 'admin@example.org',
      promote: false,
    });
    expect(parseCreateAdminArgs(['--promote', 'first_admin', 'admin@example.org']).promote).toBe(true);
  });

  it.each([
    [[], 'create-admin takes a username and an e-mail'],
    [['only_name'], 'create-admin takes a username and an e-mail'],
    [['a', 'b@example.org', 'c'], 'create-admin takes a username and an e-mail'],
    [['ab', 'admin@example.org'], 'invalid username "ab"'],
    [['bad-name', 'admin@example.org'], 'invalid username "bad-name"'],
    [['good_name', 'not-an-email'], 'invalid e-mail address "not-an-email"'],
    [['good_name', 'admin@example.org', '--force'], 'unknown option --force'],
  ])('%j is a usage error (exit 2, nothing connects)', async (args, message) => {
    const stderr: string[] = [];
    const code = await runCli(['create-admin', ...args], {
      env: { DATABASE_URL: 'mysql://nobody@unreachable.invalid/x' },
      out: { log: () => undefined, error: (l) => stderr.push(l) },
    });
    expect(code).toBe(2);
    expect(stderr[0]).toContain(message);
    expect(stderr.join('\n')).toContain(USAGE);
  });

  it('is documented in the usage', () => {
    expect(USAGE).toContain('create-admin <username> <email> [--promote]');
    expect(USAGE).toContain(ADMIN_PASSWORD_ENV);
  });
});

describe('the password', () => {
  const ctx = (env: Record<string, string> = {}) =>
    createContext({ env, out: { log: jest.fn(), error: jest.fn() } });

  it('comes from DIVEMAP_ADMIN_PASSWORD without touching the terminal', async () => {
    const terminal = jest.fn();
    await expect(obtainPassword(ctx({ [ADMIN_PASSWORD_ENV]: 'Env-Pass1!' }), terminal)).resolves.toBe(
      'Env-Pass1!',
    );
    expect(terminal).not.toHaveBeenCalled();
  });

  it('without the variable and without a terminal it is an error', async () => {
    const { io } = fakeTerminal(false);
    await expect(obtainPassword(ctx(), () => io)).rejects.toThrow(new CliError(NO_PASSWORD_SOURCE));
    expect(NO_PASSWORD_SOURCE).toBe('no password: set DIVEMAP_ADMIN_PASSWORD or run in a terminal');
  });

  it('is read twice from a terminal without being echoed', async () => {
    const { io, input, shown } = fakeTerminal();
    const answer = obtainPassword(ctx(), () => io);
    input.write('Typed-Pass1!\r');
    await new Promise((r) => setImmediate(r));
    input.write('Typed-Pass1!\r');
    await expect(answer).resolves.toBe('Typed-Pass1!');
    expect(shown()).toContain('Password for the new admin: ');
    expect(shown()).toContain('Repeat the password: ');
    expect(shown()).not.toContain('Typed');
    expect(input.setRawMode).toHaveBeenCalledWith(true);
  });

  it('refuses two different entries', async () => {
    const { io, input } = fakeTerminal();
    const answer = obtainPassword(ctx(), () => io);
    input.write('First-Pass1!\n');
    await new Promise((r) => setImmediate(r));
    input.write('Other-Pass1!\n');
    await expect(answer).rejects.toThrow('the two passwords differ');
  });

  it('end of input before a line is a cancel', async () => {
    const { io, input } = fakeTerminal();
    const line = readHiddenLine(io, 'Password: ');
    input.end();
    await expect(line).rejects.toThrow('cancelled: no password entered');
  });
});
