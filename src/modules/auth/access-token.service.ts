import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { User } from '../users/entities/user.entity';

/** Claims of an access token ("Our rules" 3). Roles here are informational: guards read the row. */
export interface AccessTokenClaims {
  sub: string;
  username: string;
  is_admin: boolean;
  is_moderator: boolean;
  type: 'access';
  iat?: number;
  exp?: number;
}

/** Signs and verifies HS256 access tokens; `sub` is the user id, so renaming never invalidates them. */
@Injectable()
export class AccessTokenService {
  constructor(private readonly jwt: JwtService) {}

  async sign(user: Pick<User, 'id' | 'username' | 'isAdmin' | 'isModerator'>): Promise<string> {
    const claims: AccessTokenClaims = {
      sub: String(user.id),
      username: user.username,
      is_admin: user.isAdmin,
      is_moderator: user.isModerator,
      type: 'access',
    };
    return this.jwt.signAsync(claims);
  }

  /** The user id of a valid, unexpired access token; null for anything else. */
  async verify(token: string): Promise<number | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
      const id = Number(claims.sub);
      return claims.type === 'access' && Number.isSafeInteger(id) && id > 0 ? id : null;
    } catch {
      return null;
    }
  }
}
