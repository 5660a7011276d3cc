import { Module } from '@nestjs/common';
import { CentersModule } from '../centers/centers.module';
import { DivesModule } from '../dives/dives.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { SitesModule } from '../sites/sites.module';
import { UsersModule } from '../users/users.module';
import { UserProfilesController } from './user-profiles.controller';
import { UserProfilesService } from './user-profiles.service';

/**
 * Public user profiles (`GET /users/{username}/public`). A composition above the features it reads:
 * users sits at the bottom of the module graph and knows none of them (issue 14).
 */
@Module({
  imports: [UsersModule, OrganizationsModule, SitesModule, CentersModule, DivesModule],
  controllers: [UserProfilesController],
  providers: [UserProfilesService],
})
export class ProfilesModule {}
