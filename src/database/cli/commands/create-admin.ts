import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { BadRequestException } from '@nestjs/common';
import { isEmail } from 'class-validator';
import type { DataSource } from 'typeorm';
import { PasswordService } from '../../../modules/auth/password.service';
import { DUPLICATE_USER, UsersService } from '../../../modules/users/users.service';
import { withDatabase, type CliContext } from '../context';
import { CliError, CliUsageError } from '../errors';

/** Where the password comes from when no terminal is there to ask. */
export const ADMIN_PASSWORD_ENV = 'DIVEMAP_ADMIN_PASSWORD';
export const PROMOTE_FLAG = '--promote';
export const NO_PASSWORD_SOURCE = `no password: set ${ADMIN_PASSWORD_ENV} or run in a terminal`;

/** What the command says of an account (the CLI sees users through UsersService, never their entity). */
type Account = { id: number; username: string; email: string };

const USERNAME_PATTERN = /^[A-Za-z0-9_]{3,50}$/;
const MAX_PASSWORD_LENGTH = 128;

/** The terminal the password prompt talks to (process.stdin / process.stderr by default). */
export interface PromptIO {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

export interface CreateAdminArgs {
  username: string;
  email: string;
  promote: boolean;
}

export function parseCreateAdminArgs(args: readonly string[]): CreateAdminArgs {
  const flags = args.filter((a) => a.startsWith('--'));
  const positional = args.filter((a) => !a.startsWith('--'));
  const unknown = flags.filter((f) => f !== PROMOTE_FLAG);
  if (unknown.length > 0) throw new CliUsageError(`create-admin: unknown option ${unknown.join(' ')}`);
  if (positional.length !== 2) {
    throw new CliUsageError(
      `create-admin takes a username and an e-mail (and optionally ${PROMOTE_FLAG}), got: ${args.join(' ') || 'nothing'}`,
    );
  }
  const [username, email] = positional;
  if (!USERNAME_PATTERN.test(username)) {
    throw new CliUsageError(`invalid username "${username}": 3–50 letters, digits or underscores`);
  }
  if (email.length > 255 || !isEmail(email)) throw new CliUsageError(`invalid e-mail address "${email}"`);
  return { username, email, promote: flags.includes(PROMOTE_FLAG) };
}

/**
 * Reads one line from a terminal without echoing it: readline runs in terminal mode (raw input, so
 * the terminal itself echoes nothing) and its own echo goes to a muted stream. Rejects on Ctrl-C or
 * end of input.
 */
export function readHiddenLine(io: PromptIO, prompt: string): Promise<string> {
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  io.output.write(prompt);
  const rl = createInterface({ input: io.input, output: muted, terminal: true });
  return new Promise<string>((resolve, reject) => {
    let answered = false;
    rl.on('line', (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
    rl.on('SIGINT', () => {
      rl.close();
    });
    rl.on('close', () => {
      io.output.write('\n');
      if (!answered) reject(new CliError('cancelled: no password entered'));
    });
  });
}

/** The new admin's password: from DIVEMAP_ADMIN_PASSWORD, else asked twice on a terminal. */
export async function obtainPassword(ctx: CliContext, terminal: () => PromptIO): Promise<string> {
  const fromEnv = ctx.env[ADMIN_PASSWORD_ENV];
  if (fromEnv) return fromEnv;
  // The terminal is only touched here: reading process.stdin's getter sets up a stream.
  const io = terminal();
  if (!io.input.isTTY) throw new CliError(NO_PASSWORD_SOURCE);
  const first = await readHiddenLine(io, 'Password for the new admin: ');
  const second = await readHiddenLine(io, 'Repeat the password: ');
  if (first !== second) throw new CliError('the two passwords differ');
  return first;
}

async function requireUsersTable(ds: DataSource): Promise<void> {
  const rows = await ds.query<unknown[]>(
    "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users'",
  );
  if (rows.length === 0) throw new CliError('table users does not exist: run `npm run db -- up` first');
}

/**
 * `create-admin <username> <email> [--promote]`: gives a fresh install its first admin. Creates an
 * enabled admin with a password from DIVEMAP_ADMIN_PASSWORD or typed on the terminal (never echoed,
 * never printed), which must pass the same strength rule as registration and is hashed by the app's
 * PasswordService (argon2id). If the username or the e-mail is taken it refuses (exit 1), unless
 * --promote is given and both name the same account: that account then becomes an admin (enabled
 * and un-archived if needed) and keeps its password.
 */
export function createAdminCommand(
  terminal: () => PromptIO = () => ({ input: process.stdin, output: process.stderr }),
) {
  return (ctx: CliContext, args: string[]): Promise<number> => {
    const { username, email, promote } = parseCreateAdminArgs(args);
    return withDatabase(ctx, async ({ ds }) => {
      const { out } = ctx;
      await requireUsersTable(ds);
      const users = UsersService.forDataSource(ds);
      const byUsername = await users.findByUsername(username);
      const byEmail = await users.findByEmail(email);
      const existing = byUsername ?? byEmail;
      if (existing) {
        const describe = (u: Account) => `${u.username} <${u.email}> (id ${u.id})`;
        if (!promote) {
          throw new CliError(
            `a user with that username or e-mail already exists: ${describe(existing)}; ` +
              `run with ${PROMOTE_FLAG} to make that account an admin`,
          );
        }
        if (!byUsername || !byEmail || byUsername.id !== byEmail.id) {
          const found = [byUsername, byEmail].filter((u) => u !== null).map(describe);
          throw new CliError(
            `cannot promote: username ${username} and e-mail ${email} do not name the same account (found ${found.join(', ')})`,
          );
        }
        const user = byUsername;
        if (user.isAdmin && user.enabled && !user.deletedAt) {
          out.log(`${describe(user)} is already an admin; nothing changed`);
          return 0;
        }
        await users.promoteToAdmin(user.id);
        const revived = !user.enabled || user.deletedAt ? ' (account enabled and un-archived)' : '';
        out.log(`Promoted ${describe(user)} to admin${revived}; the password is unchanged`);
        return 0;
      }

      const passwords = new PasswordService();
      const password = await obtainPassword(ctx, terminal);
      if (password.length > MAX_PASSWORD_LENGTH) {
        throw new CliError(`Password must be at most ${MAX_PASSWORD_LENGTH} characters long`);
      }
      const weakness = passwords.strengthProblem(password);
      if (weakness) throw new CliError(weakness);
      const passwordHash = await passwords.hash(password);
      let user: Account;
      try {
        user = await users.create({ username, email, passwordHash, isAdmin: true, enabled: true });
      } catch (error) {
        // UsersService.create reports a duplicate username or e-mail (a race with another writer) as its 400.
        if (error instanceof BadRequestException && error.message === DUPLICATE_USER) {
          throw new CliError('a user with that username or e-mail was created meanwhile; nothing changed');
        }
        throw error;
      }
      out.log(`Created admin ${username} <${email}> (id ${user.id})`);
      return 0;
    });
  };
}

export const createAdmin = createAdminCommand();
