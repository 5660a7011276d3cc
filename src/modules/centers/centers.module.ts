import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CenterContributionsService } from './center-contributions.service';
import { OrganizationsModule } from '../organizations/organizations.module';
import { SitesModule } from '../sites/sites.module';
import { UsersModule } from '../users/users.module';
import { CenterSearchIndex } from './center-search-index.service';
import { CenterDiveSitesController } from './center-dive-sites.controller';
import { CenterDiveSitesService } from './center-dive-sites.service';
import { CenterOrganizationsController } from './center-organizations.controller';
import { CenterOrganizationsService } from './center-organizations.service';
import { CenterReviewsController } from './center-reviews.controller';
import { CenterReviewsService } from './center-reviews.service';
import { DivingCentersController } from './diving-centers.controller';
import { DivingCentersRepository } from './diving-centers.repository';
import { DivingCentersService } from './diving-centers.service';
import { CenterComment } from './entities/center-comment.entity';
import { CenterDiveSite } from './entities/center-dive-site.entity';
import { CenterRating } from './entities/center-rating.entity';
import { DivingCenterOrganization } from './entities/diving-center-organization.entity';
import { DivingCenter } from './entities/diving-center.entity';
import { GearRentalCost } from './entities/gear-rental-cost.entity';
import { GearRentalController } from './gear-rental.controller';
import { GearRentalService } from './gear-rental.service';

/**
 * Diving centers (spec/api.md §7): the centers with their spatial location and nearby search,
 * ratings, comments, gear rental, organizations and dive-site links (sites through SitesModule's
 * exported service).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      DivingCenter,
      CenterRating,
      CenterComment,
      GearRentalCost,
      DivingCenterOrganization,
      CenterDiveSite,
    ]),
    OrganizationsModule,
    SitesModule,
    UsersModule,
  ],
  controllers: [
    DivingCentersController,
    CenterReviewsController,
    GearRentalController,
    CenterOrganizationsController,
    CenterDiveSitesController,
  ],
  providers: [
    DivingCentersService,
    CenterContributionsService,
    DivingCentersRepository,
    CenterSearchIndex,
    CenterReviewsService,
    GearRentalService,
    CenterOrganizationsService,
    CenterDiveSitesService,
  ],
  exports: [DivingCentersService, CenterContributionsService],
})
export class CentersModule {}
