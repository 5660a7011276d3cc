import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DifficultyController } from './difficulty.controller';
import { DifficultyService } from './difficulty.service';
import { DifficultyLevel } from './entities/difficulty-level.entity';

@Module({
  imports: [TypeOrmModule.forFeature([DifficultyLevel])],
  controllers: [DifficultyController],
  providers: [DifficultyService],
  exports: [DifficultyService],
})
export class DifficultyModule {}
