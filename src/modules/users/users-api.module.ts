import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AccountService } from './account.service';
import { UsersAdminController } from './users-admin.controller';
import { UsersController } from './users.controller';
import { UsersModule } from './users.module';
import { UsersRepository } from './users.repository';
import { UsersAdminService } from './users-admin.service';

/**
 * The /users HTTP API. A module of its own because it needs AuthModule's password and session
 * services, and AuthModule needs UsersModule: UsersModule itself stays free of that cycle.
 */
@Module({
  imports: [UsersModule, AuthModule, OrganizationsModule],
  controllers: [UsersController, UsersAdminController],
  providers: [AccountService, UsersAdminService, UsersRepository],
})
export class UsersApiModule {}
