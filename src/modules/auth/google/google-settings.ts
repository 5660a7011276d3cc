import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../../config/configuration';

export const GOOGLE_NOT_CONFIGURED = 'Google sign-in is not configured';

/**
 * Google sign-in settings (GOOGLE_* variables). The ID-token flow needs only the client id; the
 * redirect flow also needs the secret and the callback URL. Without them GoogleAuthModule does not
 * mount the flow's routes (404, absent from /openapi.json) and the application still starts.
 */
@Injectable()
export class GoogleSettings {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly callbackUrl?: string;
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly userInfoUrl: string;
  readonly certsUrl: string;
  /** Where the redirect flow ends (without tokens in the URL); unset → the callback answers JSON. */
  readonly frontendUrl?: string;
  /** Signs the state cookie (HMAC key derived from it). */
  readonly stateSecret: string;
  readonly secureCookies: boolean;

  constructor(@Inject(ConfigService) config: ConfigService<AppConfig, true>) {
    const google = config.get('google', { infer: true });
    this.clientId = google.clientId;
    this.clientSecret = google.clientSecret;
    this.callbackUrl = google.callbackUrl;
    this.authorizationUrl = google.authorizationUrl;
    this.tokenUrl = google.tokenUrl;
    this.userInfoUrl = google.userInfoUrl;
    this.certsUrl = google.certsUrl;
    this.frontendUrl = config.get('frontendUrl', { infer: true });
    this.stateSecret = config.get('jwt', { infer: true }).secret;
    this.secureCookies = config.get('auth', { infer: true }).secureCookies;
  }

  /** POST /auth/google-login works (GOOGLE_CLIENT_ID is set). */
  get idTokenConfigured(): boolean {
    return Boolean(this.clientId);
  }

  /** GET /auth/google and its callback work (client id, secret and callback URL are set). */
  get redirectConfigured(): boolean {
    return Boolean(this.clientId && this.clientSecret && this.callbackUrl);
  }

  /** The frontend page the redirect flow lands on: `${FRONTEND_URL}/auth/callback`, or undefined. */
  frontendCallback(error?: string): string | undefined {
    if (!this.frontendUrl) return undefined;
    const url = `${this.frontendUrl.replace(/\/+$/, '')}/auth/callback`;
    return error ? `${url}?error=${encodeURIComponent(error)}` : url;
  }
}
