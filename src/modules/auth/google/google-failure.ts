import { HttpStatus } from '@nestjs/common';
import { INVALID_STATE } from './google-state.store';

export const ACCOUNT_DISABLED = 'Account is disabled or archived';
export const EMAIL_NOT_VERIFIED =
  'An account with this e-mail address already exists, and Google has not verified the address: ' +
  'sign in with your password instead';
export const EMAIL_MISSING = 'Google did not share an e-mail address for this account';
export const OTHER_GOOGLE_ACCOUNT =
  'This e-mail address belongs to an account linked to another Google account';

/**
 * Why a Google sign-in did not complete. The redirect flow sends the code to the frontend as
 * `?error=<code>`; without a frontend (and in the ID-token flow) the status and message below are
 * the JSON error, with the code as `error`.
 */
export const GOOGLE_FAILURES = {
  /** The user declined on Google's consent screen. */
  access_denied: { status: HttpStatus.UNAUTHORIZED, message: 'Google sign-in was cancelled' },
  /** The state cookie is missing, forged, expired or does not match the `state` parameter. */
  invalid_state: { status: HttpStatus.UNAUTHORIZED, message: INVALID_STATE },
  /** The callback came without `code` (and without `error`). */
  invalid_request: {
    status: HttpStatus.BAD_REQUEST,
    message: 'The Google callback has no authorization code',
  },
  /** Google answered an error, or the code exchange / userinfo request failed. */
  google_error: { status: HttpStatus.UNAUTHORIZED, message: 'Google authentication failed' },
  account_disabled: { status: HttpStatus.FORBIDDEN, message: ACCOUNT_DISABLED },
  email_not_verified: { status: HttpStatus.BAD_REQUEST, message: EMAIL_NOT_VERIFIED },
  email_missing: { status: HttpStatus.BAD_REQUEST, message: EMAIL_MISSING },
  account_conflict: { status: HttpStatus.BAD_REQUEST, message: OTHER_GOOGLE_ACCOUNT },
  /** Something broke on our side (logged); the JSON variant is the usual 500. */
  server_error: { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type GoogleFailureCode = keyof typeof GOOGLE_FAILURES;
