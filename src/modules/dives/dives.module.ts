import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DiveContributionsService } from './dive-contributions.service';
import { CentersModule } from '../centers/centers.module';
import { DifficultyModule } from '../difficulty/difficulty.module';
import { SitesModule } from '../sites/sites.module';
import { TagsModule } from '../tags/tags.module';
import { UsersModule } from '../users/users.module';
import { SiteDivesController, VisitedSitesController } from './dive-links.controller';
import { DiveMediaForSites } from './dive-media-for-sites';
import { DiveMediaService } from './dive-media.service';
import { DiveTagUsage } from './dive-tag-usage';
import { DiveTagsService } from './dive-tags.service';
import { DivesAdminController } from './dives-admin.controller';
import { DivesController } from './dives.controller';
import { DivesRepository } from './dives.repository';
import { DivesService } from './dives.service';
import { DiveMedia } from './entities/dive-media.entity';
import { DiveTag } from './entities/dive-tag.entity';
import { Dive } from './entities/dive.entity';

/**
 * Users' dive logs with media and tags (spec/api.md §8): dives → sites, centers, tags, difficulty, users;
 * never the other way. The site's dive media reach `GET /dive-sites/{id}/media` through the sites
 * module's extension point (DiveMediaForSites registers with SiteMediaSources), and the dives' tag
 * counts reach `GET /tags/with-counts` through the tags module's (DiveTagUsage, TagUsageSources).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Dive, DiveMedia, DiveTag]),
    SitesModule,
    CentersModule,
    TagsModule,
    DifficultyModule,
    UsersModule,
  ],
  // The admin controller first: its static `admin/dives` paths are matched before `:id` routes.
  controllers: [DivesAdminController, DivesController, SiteDivesController, VisitedSitesController],
  providers: [
    DivesService,
    DivesRepository,
    DiveMediaService,
    DiveTagsService,
    DiveMediaForSites,
    DiveTagUsage,
    DiveContributionsService,
  ],
  exports: [DivesService, DiveContributionsService],
})
export class DivesModule {}
