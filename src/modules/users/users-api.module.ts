import { Module } from '@nestjs/common';
import { AccountService } from './account.service';
import { UsersAdminController } from './users-admin.controller';
import { UsersController } from './users.controller';
import { UsersModule } from './users.module';
import { UsersRepository } from './users.repository';
import { UsersAdminService } from './users-admin.service';

/**
 * The /users HTTP API. Password hashing and session revocation come through the ports of
 * common/auth/credentials.ts (bound by AuthPortsModule), so users never imports auth, which imports
 * users (issue 14).
 */
@Module({
  imports: [UsersModule],
  controllers: [UsersController, UsersAdminController],
  providers: [AccountService, UsersAdminService, UsersRepository],
})
export class UsersApiModule {}
