import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DifficultyModule } from '../difficulty/difficulty.module';
import { DiveSitesController } from './dive-sites.controller';
import { DiveSitesRepository } from './dive-sites.repository';
import { DiveSitesService } from './dive-sites.service';
import { DiveSite } from './entities/dive-site.entity';

/** Dive sites: list, detail, create/update/archive, nearby and proximity (spec/api.md §6). */
@Module({
  imports: [TypeOrmModule.forFeature([DiveSite]), DifficultyModule],
  controllers: [DiveSitesController],
  providers: [DiveSitesService, DiveSitesRepository],
  exports: [DiveSitesService],
})
export class SitesModule {}
