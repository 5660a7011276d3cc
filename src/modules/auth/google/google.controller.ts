import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { Public } from '../../../common/auth/auth.decorators';
import { ApiRateLimited, perMinute } from '../../../common/rate-limit/rate-limit';
import { AuthService } from '../auth.service';
import { TokenResponseDto } from '../dto/token.response.dto';
import { GoogleLoginDto } from './dto/google-login.dto';
import { GOOGLE_FAILURES, type GoogleFailureCode } from './google-failure';
import { GoogleIdTokenVerifier } from './google-id-token.verifier';
import {
  GOOGLE_AUTH_PROPERTY,
  GoogleOAuthCallbackGuard,
  GoogleOAuthGuard,
  type RequestWithGoogleAuth,
} from './google-oauth.guard';
import { GoogleSettings } from './google-settings';
import { clearStateCookie } from './google-state.store';
import { GoogleSignInController } from './google-sign-in';
import { GoogleAccountError, GoogleAccountsService } from './google.service';

/**
 * Google sign-in, both flows of spec/api.md "Our rules" 4 (DECISIONS.md D15), each its own
 * controller so that GoogleAuthModule mounts only the configured ones (issue 13: an unconfigured
 * flow is absent, 404, and not in /openapi.json). Both end in GoogleSignInController.signIn.
 */
/** The ID-token flow (GOOGLE_CLIENT_ID set). */
@ApiTags('auth')
@Controller('auth')
export class GoogleIdTokenController extends GoogleSignInController {
  constructor(
    auth: AuthService,
    accounts: GoogleAccountsService,
    settings: GoogleSettings,
    private readonly idTokens: GoogleIdTokenVerifier,
  ) {
    super(auth, accounts, settings);
  }

  /** Signs in with a Google ID token (from Google Identity Services); creates or links the account. */
  @Public()
  @Throttle({ default: perMinute('login') })
  @ApiRateLimited()
  @Post('google-login')
  @HttpCode(HttpStatus.OK)
  @ApiUnauthorizedResponse({
    description: 'Invalid Google token (malformed, bad signature, wrong audience, expired)',
  })
  @ApiForbiddenResponse({ description: 'Account is disabled or archived' })
  @ApiBadRequestResponse({ description: 'The e-mail belongs to an account that cannot be linked' })
  @ApiServiceUnavailableResponse({ description: "Google's signing keys could not be fetched" })
  async googleLogin(
    @Body() dto: GoogleLoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenResponseDto> {
    const identity = await this.idTokens.verify(dto.token);
    const result = await this.signIn(identity, req);
    this.setRefreshCookie(res, result.refresh_token);
    return result;
  }
}

/** The browser redirect flow (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_CALLBACK_URL set). */
@ApiTags('auth')
@Controller('auth')
export class GoogleRedirectController extends GoogleSignInController {
  // Declared here: Nest reads the constructor's parameter types from the decorated class itself.
  constructor(auth: AuthService, accounts: GoogleAccountsService, settings: GoogleSettings) {
    super(auth, accounts, settings);
  }

  /** Starts the browser sign-in: redirects to Google (PKCE, state in a signed cookie). */
  @Public()
  @Get('google')
  @UseGuards(GoogleOAuthGuard)
  @ApiFoundResponse({ description: "Redirect to Google's consent screen" })
  startGoogleSignIn(): void {
    // GoogleOAuthGuard has answered with the redirect; nothing is left to do.
  }

  /**
   * Google redirects the browser here. On success: a session, the refresh cookie, and a redirect to
   * `${FRONTEND_URL}/auth/callback` (no token in the URL: the page calls POST /auth/refresh), or
   * the token JSON when FRONTEND_URL is unset. On failure: `${FRONTEND_URL}/auth/callback?error=<code>`,
   * or the JSON error.
   */
  @Public()
  @Throttle({ default: perMinute('login') })
  @ApiRateLimited()
  @Get('google/callback')
  @UseGuards(GoogleOAuthCallbackGuard)
  @ApiFoundResponse({ description: 'Redirect to the frontend, with `?error=<code>` on failure' })
  @ApiOkResponse({ type: TokenResponseDto, description: 'Without FRONTEND_URL: the tokens' })
  @ApiUnauthorizedResponse({ description: 'Without FRONTEND_URL: cancelled, bad state, Google error' })
  @ApiForbiddenResponse({ description: 'Without FRONTEND_URL: account is disabled or archived' })
  async googleCallback(@Req() req: RequestWithGoogleAuth, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    clearStateCookie(res, this.settings.secureCookies);
    const outcome = req[GOOGLE_AUTH_PROPERTY];
    if (!outcome || 'failure' in outcome) return this.fail(res, outcome?.failure ?? 'google_error');
    let result: TokenResponseDto;
    try {
      result = await this.signIn(outcome.identity, req);
    } catch (error) {
      return this.fail(res, this.failureOf(error), error);
    }
    this.setRefreshCookie(res, result.refresh_token);
    const target = this.settings.frontendCallback();
    if (target) return res.redirect(HttpStatus.FOUND, target);
    res.status(HttpStatus.OK).json(result);
  }

  private failureOf(error: unknown): GoogleFailureCode {
    if (error instanceof GoogleAccountError) return error.code;
    // AuthService.signIn: "Account is disabled or archived".
    if (error instanceof HttpException && error.getStatus() === 403) return 'account_disabled';
    return 'server_error';
  }

  /** Redirects to the frontend with `?error=<code>`; without a frontend, the JSON error. */
  private fail(res: Response, code: GoogleFailureCode, error?: unknown): void {
    const target = this.settings.frontendCallback(code);
    if (code === 'server_error') {
      if (!target) throw error;
      this.logger.error(
        { err: error },
        error instanceof Error ? (error.stack ?? error.message) : String(error),
      );
    }
    if (target) return res.redirect(HttpStatus.FOUND, target);
    const { status, message } = GOOGLE_FAILURES[code];
    throw new HttpException({ message, detail: message, error: code }, status);
  }
}
