import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SiteContributionsService } from './site-contributions.service';
import { SiteSearchIndex } from './site-search-index.service';
import { DifficultyModule } from '../difficulty/difficulty.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { TagsModule } from '../tags/tags.module';
import { UsersModule } from '../users/users.module';
import { DiveSiteAccessPolicy } from './dive-site-access.policy';
import { DiveSitePresenter } from './dive-site.presenter';
import { DiveSiteSpatialService } from './dive-site-spatial.service';
import { DiveSiteWritesService } from './dive-site-writes.service';
import { DiveSitesController } from './dive-sites.controller';
import { DiveSitesRepository } from './dive-sites.repository';
import { DiveSitesService } from './dive-sites.service';
import { DiveSite } from './entities/dive-site.entity';
import { MyActivityController } from './my-activity.controller';
import { MyActivityService } from './my-activity.service';
import { SiteAliasesController } from './site-aliases.controller';
import { SiteAliasesService } from './site-aliases.service';
import { SiteMediaController } from './site-media.controller';
import { SiteMediaService } from './site-media.service';
import { SiteMediaSources } from './site-media-sources.service';
import { SiteReviewsController } from './site-reviews.controller';
import { SiteReviewsService } from './site-reviews.service';
import { SiteTagUsage } from './site-tag-usage';
import { SiteTagsController } from './site-tags.controller';
import { SiteTagsService } from './site-tags.service';

/**
 * Dive sites (spec/api.md §6): list, detail, create/update/archive, nearby and proximity; their
 * aliases, ratings, comments, media and tags (`/tags/dive-sites/…`); and the caller's own comments
 * and ratings (`/users/me/comments|ratings`, D26). SiteMediaSources is the extension point through
 * which the dives module adds dive media to a site's media list without sites importing dives;
 * SiteTagUsage counts the sites' tags for `GET /tags/with-counts` through the tags module's
 * TagUsageSources, so tags never reads the sites' tables.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([DiveSite]),
    DifficultyModule,
    TagsModule,
    OrganizationsModule,
    UsersModule,
  ],
  controllers: [
    DiveSitesController,
    SiteAliasesController,
    SiteReviewsController,
    SiteMediaController,
    SiteTagsController,
    MyActivityController,
  ],
  providers: [
    DiveSiteAccessPolicy,
    SiteContributionsService,
    SiteSearchIndex,
    DiveSitePresenter,
    DiveSitesService,
    DiveSiteWritesService,
    DiveSiteSpatialService,
    DiveSitesRepository,
    SiteAliasesService,
    SiteReviewsService,
    SiteMediaService,
    SiteMediaSources,
    SiteTagsService,
    SiteTagUsage,
    MyActivityService,
  ],
  exports: [DiveSiteAccessPolicy, SiteMediaSources, SiteContributionsService],
})
export class SitesModule {}
