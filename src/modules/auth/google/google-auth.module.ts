import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import type { AppConfig } from '../../../config/configuration';
import { UsersModule } from '../../users/users.module';
import { AuthModule } from '../auth.module';
import { GoogleIdTokenController, GoogleRedirectController } from './google.controller';
import { GoogleIdTokenVerifier } from './google-id-token.verifier';
import { GoogleOAuthCallbackGuard, GoogleOAuthGuard } from './google-oauth.guard';
import { GoogleSettings } from './google-settings';
import { createGoogleStrategy, GoogleStrategy } from './google.strategy';
import { GoogleAccountsService } from './google.service';

/** Which Google sign-in flows the configuration enables (GoogleSettings says the same at run time). */
export function googleFlows(google: AppConfig['google']): { idToken: boolean; redirect: boolean } {
  const idToken = Boolean(google.clientId);
  return { idToken, redirect: idToken && Boolean(google.clientSecret && google.callbackUrl) };
}

/**
 * Google sign-in (spec/api.md "Our rules" 4, D15), mounted only for the flows that are configured:
 * without GOOGLE_CLIENT_ID AppModule does not import it at all, so its routes are 404 and absent
 * from /openapi.json, and the documentation describes what the server does (issue 13).
 */
@Module({})
export class GoogleAuthModule {
  static forRoot(google: AppConfig['google']): DynamicModule {
    const flows = googleFlows(google);
    const controllers: Type[] = [];
    if (flows.idToken) controllers.push(GoogleIdTokenController);
    if (flows.redirect) controllers.push(GoogleRedirectController);
    return {
      module: GoogleAuthModule,
      imports: [
        UsersModule,
        AuthModule,
        // Google's redirect flow keeps its state in a signed cookie: no passport sessions.
        PassportModule.register({ session: false }),
      ],
      controllers,
      providers: [
        GoogleSettings,
        GoogleIdTokenVerifier,
        GoogleAccountsService,
        GoogleOAuthGuard,
        GoogleOAuthCallbackGuard,
        // Registers the "google" passport strategy when the redirect flow is configured.
        { provide: GoogleStrategy, inject: [GoogleSettings], useFactory: createGoogleStrategy },
      ],
    };
  }
}
