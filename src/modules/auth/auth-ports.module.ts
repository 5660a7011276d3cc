import { Global, Module } from '@nestjs/common';
import { PASSWORD_HASHER, SESSION_REVOKER } from '../../common/auth/credentials';
import { AuthModule } from './auth.module';
import { PasswordService } from './password.service';
import { RefreshSessionsService } from './refresh-sessions.service';

/**
 * The auth module's side of common/auth/credentials.ts: PASSWORD_HASHER and SESSION_REVOKER bound to
 * its services and available everywhere, so the users module injects them without importing auth.
 */
@Global()
@Module({
  imports: [AuthModule],
  providers: [
    { provide: PASSWORD_HASHER, useExisting: PasswordService },
    { provide: SESSION_REVOKER, useExisting: RefreshSessionsService },
  ],
  exports: [PASSWORD_HASHER, SESSION_REVOKER],
})
export class AuthPortsModule {}
