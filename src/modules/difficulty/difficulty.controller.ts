import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/auth.decorators';
import { DifficultyService } from './difficulty.service';
import { DifficultyLevelResponseDto } from './dto/difficulty-level.response.dto';

@Public()
@ApiTags('difficulty')
@Controller('difficulty-levels')
export class DifficultyController {
  constructor(private readonly difficulty: DifficultyService) {}

  /** Every difficulty level, easiest first (the original API has no such endpoint; clients need it). */
  @Get()
  async list(): Promise<DifficultyLevelResponseDto[]> {
    return (await this.difficulty.list()).map((l) => ({
      id: l.id,
      code: l.code,
      label: l.label,
      order_index: l.orderIndex,
    }));
  }
}
