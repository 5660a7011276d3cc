import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../../config/configuration';
import { User } from '../users/entities/user.entity';
import { UsersModule } from '../users/users.module';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { RefreshToken } from './entities/refresh-token.entity';
import { GoogleController } from './google/google.controller';
import { GoogleIdTokenVerifier } from './google/google-id-token.verifier';
import { GoogleOAuthCallbackGuard, GoogleOAuthGuard } from './google/google-oauth.guard';
import { GoogleSettings } from './google/google-settings';
import { createGoogleStrategy, GoogleStrategy } from './google/google.strategy';
import { GoogleAccountsService } from './google/google.service';
import { AccessTokenGuard } from './guards/access-token.guard';
import { RolesGuard } from './guards/roles.guard';
import { PasswordService } from './password.service';
import { RefreshSessionsService } from './refresh-sessions.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([RefreshToken, User]),
    UsersModule,
    // Google's redirect flow keeps its state in a signed cookie: no passport sessions.
    PassportModule.register({ session: false }),
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => {
        const jwt = config.get('jwt', { infer: true });
        return {
          secret: jwt.secret,
          signOptions: { algorithm: 'HS256', expiresIn: jwt.accessTokenMinutes * 60 },
        };
      },
    }),
  ],
  controllers: [AuthController, GoogleController],
  providers: [
    AuthService,
    PasswordService,
    AccessTokenService,
    RefreshSessionsService,
    GoogleSettings,
    GoogleIdTokenVerifier,
    GoogleAccountsService,
    GoogleOAuthGuard,
    GoogleOAuthCallbackGuard,
    // Registers the "google" passport strategy when the redirect flow is configured (else null: 503).
    { provide: GoogleStrategy, inject: [GoogleSettings], useFactory: createGoogleStrategy },
    // Global guards, in order: authentication, then roles (rate limiting runs before both: RateLimitModule).
    { provide: APP_GUARD, useClass: AccessTokenGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AuthService, PasswordService, RefreshSessionsService],
})
export class AuthModule {}
