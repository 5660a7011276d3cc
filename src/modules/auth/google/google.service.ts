import { BadRequestException, HttpException, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { User } from '../../users/entities/user.entity';
import { isDuplicateKeyError } from '../../../database/errors';
import { DUPLICATE_USER, UsersService } from '../../users/users.service';
import { PasswordService } from '../password.service';
import type { GoogleIdentity } from './google-identity';
import { GOOGLE_FAILURES, type GoogleFailureCode } from './google-failure';
import { pickUsername, usernameBase, usernamePrefix } from './google-username';

/** Attempts when concurrent requests take the username, e-mail or Google id we were about to write. */
const MAX_ATTEMPTS = 5;

/** A Google sign-in we refuse, with the code the redirect flow sends to the frontend (`?error=`). */
export class GoogleAccountError extends HttpException {
  constructor(readonly code: GoogleFailureCode) {
    const { status, message } = GOOGLE_FAILURES[code];
    super({ message, detail: message, error: code }, status);
  }
}

/** Another request changed the row we were about to write: resolve again from the start. */
class LostRace extends Error {}

function isLostRace(error: unknown): boolean {
  return (
    error instanceof LostRace ||
    isDuplicateKeyError(error) ||
    (error instanceof BadRequestException && error.message === DUPLICATE_USER)
  );
}

/**
 * Finds, links or creates the user of a verified Google identity (both flows, spec/api.md "Our
 * rules" 4, DECISIONS.md D15):
 * 1. a user with this google_id → that user (empty name/avatar filled from Google);
 * 2. else a user with this e-mail → linked (google_id set, empty name/avatar filled) only when
 *    Google says `email_verified`; otherwise 400, never linked;
 * 3. else a new, enabled user with an unusable random password and a username derived from the
 *    e-mail (`nemo`, taken → `nemo1`, `nemo2`…).
 * Unique keys decide races: a duplicate-key error means someone else won, and we resolve again.
 * Whether the user may sign in (`enabled`, archived) is AuthService.signIn's check.
 */
@Injectable()
export class GoogleAccountsService {
  constructor(
    private readonly usersService: UsersService,
    private readonly passwords: PasswordService,
  ) {}

  async findOrCreate(identity: GoogleIdentity): Promise<User> {
    let unusableHash: Promise<string> | undefined;
    const passwordHash = () => (unusableHash ??= this.passwords.hash(randomBytes(32).toString('base64url')));
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.resolve(identity, passwordHash);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isLostRace(error)) throw error;
      }
    }
  }

  private async resolve(identity: GoogleIdentity, passwordHash: () => Promise<string>): Promise<User> {
    const linked = await this.usersService.findByGoogleId(identity.sub);
    if (linked) return this.fillProfile(linked, identity);
    if (!identity.email) throw new GoogleAccountError('email_missing');
    const existing = await this.usersService.findByEmail(identity.email);
    if (!existing) return this.create(identity, identity.email, await passwordHash());
    if (!identity.emailVerified) throw new GoogleAccountError('email_not_verified');
    if (existing.googleId) throw new GoogleAccountError('account_conflict');
    if (!existing.enabled || existing.deletedAt) throw new GoogleAccountError('account_disabled');
    return this.link(existing, identity);
  }

  /** Sets google_id on an account that has none (a concurrent link makes this attempt start over). */
  private async link(user: User, identity: GoogleIdentity): Promise<User> {
    if (!(await this.usersService.linkGoogleAccount(user.id, identity.sub, identity))) throw new LostRace();
    return this.reload(user.id);
  }

  /** Fills a linked user's empty name and avatar from Google (never overwrites what the user set). */
  private async fillProfile(user: User, identity: GoogleIdentity): Promise<User> {
    const missingName = !user.name && identity.name;
    const missingAvatar = !user.avatarUrl && identity.picture;
    if (!missingName && !missingAvatar) return user;
    await this.usersService.fillEmptyProfile(user.id, identity);
    return this.reload(user.id);
  }

  private async create(identity: GoogleIdentity, email: string, passwordHash: string): Promise<User> {
    const base = usernameBase(email);
    const username = pickUsername(base, await this.takenUsernames(base));
    return this.usersService.create({
      username,
      email,
      passwordHash,
      name: identity.name,
      googleId: identity.sub,
      avatarUrl: identity.picture,
      enabled: true,
    });
  }

  /** Lower-cased usernames that could collide with a candidate of `base` (they share its prefix). */
  private async takenUsernames(base: string): Promise<Set<string>> {
    const usernames = await this.usersService.usernamesStartingWith(usernamePrefix(base));
    return new Set(usernames.map((u) => u.toLowerCase()));
  }

  private async reload(id: number): Promise<User> {
    const user = await this.usersService.findById(id);
    if (!user) throw new LostRace();
    return user;
  }
}
