import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/configuration';
import { toUserResponse } from '../users/dto/user.response.dto';
import type { User } from '../users/entities/user.entity';
import { isReservedUsername, UsersService } from '../users/users.service';
import { AccessTokenService } from './access-token.service';
import type { LoginDto } from './dto/login.dto';
import type { RegisterDto } from './dto/register.dto';
import type { RegisterResponseDto } from './dto/register.response.dto';
import type { SessionResponseDto } from './dto/session.response.dto';
import type { TokenResponseDto } from './dto/token.response.dto';
import { PasswordService } from './password.service';
import { RefreshSessionsService, type ClientInfo, type IssuedRefreshToken } from './refresh-sessions.service';

export const BAD_CREDENTIALS = 'Incorrect username/email or password';

/** Registration, login, token refresh and logout. Controllers only translate HTTP to these calls. */
@Injectable()
export class AuthService {
  private readonly accessTokenSeconds: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly accessTokens: AccessTokenService,
    private readonly sessions: RefreshSessionsService,
    @Inject(ConfigService) config: ConfigService<AppConfig, true>,
  ) {
    this.accessTokenSeconds = config.get('jwt', { infer: true }).accessTokenMinutes * 60;
  }

  get refreshTokenSeconds(): number {
    return this.sessions.lifetimeSeconds;
  }

  async register(dto: RegisterDto, client: ClientInfo): Promise<RegisterResponseDto> {
    if (isReservedUsername(dto.username)) throw new BadRequestException('This username is reserved');
    const weakness = this.passwords.strengthProblem(dto.password);
    if (weakness) throw new BadRequestException(weakness);
    const passwordHash = await this.passwords.hash(dto.password);
    // The user and their first session are written together: never a user without the tokens we answered.
    const { user, refresh } = await this.dataSource.transaction(async (em) => {
      const created = await this.users.create({ username: dto.username, email: dto.email, passwordHash }, em);
      return { user: created, refresh: await this.sessions.start(created.id, client, em) };
    });
    return { ...(await this.tokenResponse(user, refresh)), message: 'User registered successfully' };
  }

  async login(dto: LoginDto, client: ClientInfo): Promise<TokenResponseDto> {
    const user = await this.users.findByLogin(dto.username);
    // Unknown users cost the same argon2 time as a wrong password: no enumeration by timing.
    const valid = await this.passwords.verify(user?.passwordHash, dto.password);
    if (!user || !valid) throw new UnauthorizedException(BAD_CREDENTIALS);
    if (!user.enabled || user.deletedAt) throw new ForbiddenException('Account is disabled or archived');
    const refresh = await this.sessions.start(user.id, client);
    await this.users.touchLastAccessed(user.id);
    return this.tokenResponse(user, refresh);
  }

  /** Completes a sign-in done elsewhere (Google): a new session for an already verified user. */
  async signIn(user: User, client: ClientInfo): Promise<TokenResponseDto> {
    if (!user.enabled || user.deletedAt) throw new ForbiddenException('Account is disabled or archived');
    const refresh = await this.sessions.start(user.id, client);
    await this.users.touchLastAccessed(user.id);
    return this.tokenResponse(user, refresh);
  }

  async refresh(token: string, client: ClientInfo): Promise<TokenResponseDto> {
    const { issued, user } = await this.sessions.rotate(token, client);
    return this.tokenResponse(user, issued);
  }

  async logout(token: string | undefined): Promise<void> {
    if (token) await this.sessions.revokeByToken(token);
  }

  async listSessions(userId: number): Promise<SessionResponseDto[]> {
    const rows = await this.sessions.listActive(userId);
    return rows.map((r) => ({
      id: r.sessionId,
      device_info: r.deviceInfo,
      ip_address: r.ipAddress,
      created_at: r.sessionStartedAt,
      last_used_at: r.lastUsedAt ?? r.createdAt,
      expires_at: r.expiresAt,
    }));
  }

  revokeSession(userId: number, sessionId: string): Promise<boolean> {
    return this.sessions.revokeSession(userId, sessionId);
  }

  private async tokenResponse(user: User, refresh: IssuedRefreshToken): Promise<TokenResponseDto> {
    return {
      access_token: await this.accessTokens.sign(user),
      refresh_token: refresh.token,
      token_type: 'bearer',
      expires_in: this.accessTokenSeconds,
      user: toUserResponse(user),
    };
  }
}
