import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AvailableTag } from './entities/available-tag.entity';
import { TagsController } from './tags.controller';
import { TagUsageSources } from './tag-usage-sources.service';
import { TagsService } from './tags.service';

/**
 * The tag vocabulary (available_tags). The uses of tags are counted by the modules that link them,
 * through TagUsageSources (the sites and dives modules register their sources).
 */
@Module({
  imports: [TypeOrmModule.forFeature([AvailableTag])],
  controllers: [TagsController],
  providers: [TagsService, TagUsageSources],
  exports: [TagsService, TagUsageSources],
})
export class TagsModule {}
