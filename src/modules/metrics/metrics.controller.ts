import { Controller, Get, Header, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { Public } from '../../common/auth/auth.decorators';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics.options';
import { MetricsService } from './metrics.service';

/** Constant-time comparison of two secrets of any length (compares their SHA-256 digests). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * GET /metrics in the Prometheus text format, outside /api/v1 like /health. Not an API operation (no
 * OpenAPI entry) and not behind the access-token guard (@Public): when METRICS_TOKEN is set it has its
 * own bearer token, which a Prometheus scrape config sends as `authorization.credentials`.
 */
@Public()
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const { token } = this.options;
    if (token !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
      // 401 with `WWW-Authenticate: Bearer`, added by the global filter.
      if (!match || !sameSecret(match[1], token)) {
        throw new UnauthorizedException(
          'A valid metrics token is required (Authorization: Bearer <METRICS_TOKEN>)',
        );
      }
    }
    const { contentType, body } = await this.metrics.scrape();
    res.setHeader('Content-Type', contentType);
    return body;
  }
}
