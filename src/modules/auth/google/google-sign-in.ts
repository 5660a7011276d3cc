import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthService } from '../auth.service';
import type { TokenResponseDto } from '../dto/token.response.dto';
import { clientInfo, setRefreshCookie } from '../http';
import type { GoogleIdentity } from './google-identity';
import { GoogleSettings } from './google-settings';
import { GoogleAccountsService } from './google.service';

/**
 * What both Google controllers share (kept out of the *.controller.ts file, which the Swagger plugin
 * reads as controllers): the sign-in of a verified identity through AuthService.signIn (which refuses
 * disabled or archived accounts) and the refresh cookie as login sets it.
 */
export abstract class GoogleSignInController {
  protected readonly logger = new Logger('GoogleSignIn');

  constructor(
    protected readonly auth: AuthService,
    protected readonly accounts: GoogleAccountsService,
    protected readonly settings: GoogleSettings,
  ) {}

  protected async signIn(identity: GoogleIdentity, req: Request): Promise<TokenResponseDto> {
    const user = await this.accounts.findOrCreate(identity);
    return this.auth.signIn(user, clientInfo(req));
  }

  protected setRefreshCookie(res: Response, token: string): void {
    setRefreshCookie(res, token, this.auth.refreshTokenSeconds, this.settings.secureCookies);
  }
}
