import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { IsNull, MoreThan, type DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/configuration';
import type { User } from '../users/entities/user.entity';
import { UsersService } from '../users/users.service';
import { RefreshToken } from './entities/refresh-token.entity';

export interface ClientInfo {
  userAgent?: string;
  ip?: string;
}

export interface IssuedRefreshToken {
  /** The opaque value handed to the client (only its SHA-256 is stored). */
  token: string;
  row: RefreshToken;
}

export const REFRESH_FAILED = 'Token refresh failed';

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Refresh sessions (spec/api.md "Our rules" 3, DECISIONS.md D13): opaque random tokens stored as
 * SHA-256, rotated on every use within their session, at most N active sessions per user (the
 * oldest is revoked), reuse of a rotated token revokes its session — except within a short grace,
 * where two tabs racing get a plain 401 and nothing is revoked.
 */
@Injectable()
export class RefreshSessionsService {
  private readonly settings: AppConfig['auth'];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    @Inject(ConfigService) config: ConfigService<AppConfig, true>,
  ) {
    this.settings = config.get('auth', { infer: true });
  }

  get lifetimeSeconds(): number {
    return this.settings.refreshTokenDays * 24 * 3600;
  }

  /** Starts a new session for `userId` (login), revoking the oldest beyond the cap, in one transaction. */
  start(userId: number, client: ClientInfo, em?: EntityManager): Promise<IssuedRefreshToken> {
    const run = async (tx: EntityManager) => {
      // Serialises concurrent logins of one user, so the session cap holds under races.
      await this.users.lockForUpdate(userId, tx);
      const now = new Date();
      const active = await this.activeRows(tx, userId, now);
      const excess = active.length + 1 - this.settings.maxActiveSessions;
      if (excess > 0) {
        const oldest = [...active]
          .sort((a, b) => a.sessionStartedAt.getTime() - b.sessionStartedAt.getTime())
          .slice(0, excess);
        await this.revokeSessions(
          tx,
          oldest.map((r) => r.sessionId),
          'session_limit',
          now,
        );
      }
      return this.insert(tx, { userId, sessionId: randomUUID(), sessionStartedAt: now, client, now });
    };
    return em ? run(em) : this.dataSource.transaction(run);
  }

  /**
   * Exchanges a refresh token for the next one of its session. Throws 401 "Token refresh failed" for
   * unknown, expired, revoked or reused tokens, and for users who are disabled or archived.
   */
  async rotate(token: string, client: ClientInfo): Promise<{ issued: IssuedRefreshToken; user: User }> {
    // The transaction commits what it did (a reuse revokes the session) and reports failures as values:
    // throwing inside it would roll the revocation back.
    const outcome = await this.dataSource.transaction(async (tx) => {
      const now = new Date();
      const row = await tx
        .createQueryBuilder(RefreshToken, 'rt')
        .where('rt.token_hash = :hash', { hash: hashRefreshToken(token) })
        .setLock('pessimistic_write')
        .getOne();
      if (!row || row.revokedAt || row.expiresAt <= now) return null;
      if (row.rotatedAt) {
        const ageMs = now.getTime() - row.rotatedAt.getTime();
        if (ageMs > this.settings.refreshReuseGraceSeconds * 1000) {
          // A token already exchanged comes back: it was stolen, or the client is broken. End the session.
          await this.revokeSessions(tx, [row.sessionId], 'reuse_detected', now);
        }
        return null;
      }
      const user = await this.users.findById(row.userId, tx);
      if (!user || !user.enabled || user.deletedAt) return null;
      await tx.update(RefreshToken, { id: row.id }, { rotatedAt: now, lastUsedAt: now });
      const issued = await this.insert(tx, {
        userId: row.userId,
        sessionId: row.sessionId,
        sessionStartedAt: row.sessionStartedAt,
        // The session shows where it was last used; a client that does not say keeps the old values.
        client: {
          userAgent: client.userAgent ?? row.deviceInfo ?? undefined,
          ip: client.ip ?? row.ipAddress ?? undefined,
        },
        now,
      });
      return { issued, user };
    });
    if (!outcome) throw new UnauthorizedException(REFRESH_FAILED);
    return outcome;
  }

  /** Revokes the session a token belongs to (logout). Unknown tokens are ignored. */
  async revokeByToken(token: string): Promise<void> {
    const row = await this.dataSource
      .getRepository(RefreshToken)
      .findOne({ where: { tokenHash: hashRefreshToken(token) } });
    if (row) await this.revokeSessions(this.dataSource.manager, [row.sessionId], 'logout', new Date());
  }

  /** Revokes one of the user's sessions by its id; false when the user has no such active session. */
  async revokeSession(userId: number, sessionId: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: new Date(), revokedReason: 'user_revoked' })
      .where('user_id = :userId AND session_id = :sessionId AND revoked_at IS NULL', { userId, sessionId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Revokes every session of a user (disabled, archived, password changed). */
  async revokeAllForUser(
    userId: number,
    reason: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await em
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .execute();
  }

  /** The user's active sessions: the current (unrotated) token of each, newest session first. */
  async listActive(userId: number): Promise<RefreshToken[]> {
    const rows = await this.activeRows(this.dataSource.manager, userId, new Date());
    return rows.sort((a, b) => b.sessionStartedAt.getTime() - a.sessionStartedAt.getTime());
  }

  private activeRows(em: EntityManager, userId: number, now: Date): Promise<RefreshToken[]> {
    return em.find(RefreshToken, {
      where: { userId, revokedAt: IsNull(), rotatedAt: IsNull(), expiresAt: MoreThan(now) },
    });
  }

  private async revokeSessions(
    em: EntityManager,
    sessionIds: string[],
    reason: string,
    now: Date,
  ): Promise<void> {
    if (sessionIds.length === 0) return;
    await em
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: now, revokedReason: reason })
      .where('session_id IN (:...sessionIds) AND revoked_at IS NULL', { sessionIds })
      .execute();
  }

  private async insert(
    em: EntityManager,
    p: { userId: number; sessionId: string; sessionStartedAt: Date; client: ClientInfo; now: Date },
  ): Promise<IssuedRefreshToken> {
    const token = randomBytes(32).toString('base64url');
    const row = em.create(RefreshToken, {
      id: randomUUID(),
      userId: p.userId,
      sessionId: p.sessionId,
      tokenHash: hashRefreshToken(token),
      sessionStartedAt: p.sessionStartedAt,
      expiresAt: new Date(p.now.getTime() + this.lifetimeSeconds * 1000),
      lastUsedAt: null,
      rotatedAt: null,
      revokedAt: null,
      revokedReason: null,
      deviceInfo: p.client.userAgent?.slice(0, 255) ?? null,
      ipAddress: p.client.ip?.slice(0, 45) ?? null,
    });
    await em.insert(RefreshToken, row);
    return { token, row };
  }
}
