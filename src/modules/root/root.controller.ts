import { Controller, Get } from '@nestjs/common';
import { Public } from '../../common/auth/auth.decorators';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_INFO } from '../../common/app-info';
import { RootResponseDto } from './dto/root.response.dto';

@Public()
@ApiTags('meta')
@Controller()
export class RootController {
  /** Welcome: service name, version and links to the docs and the health probe. */
  @Get()
  @ApiOperation({ summary: 'Service name, version and links to /docs and /health' })
  @ApiOkResponse({ type: RootResponseDto })
  root(): RootResponseDto {
    return {
      name: APP_INFO.name,
      version: APP_INFO.version,
      message: 'Welcome to the Divemap API',
      links: { docs: '/docs', openapi: '/openapi.json', health: '/health', api: '/api/v1' },
    };
  }
}
