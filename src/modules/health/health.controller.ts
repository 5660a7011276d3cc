import { Controller, Get } from '@nestjs/common';
import { Public } from '../../common/auth/auth.decorators';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';

/** Probes for load balancers, Kubernetes and fly.io; outside the /api/v1 prefix. */
@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
  ) {}

  /** Readiness of the database: 200 `{"status":"ok"}` when a ping answers in time, else 503. */
  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Service health: database ping with its own timeout' })
  @ApiServiceUnavailableResponse({ description: 'The database did not answer in time' })
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.ping()]);
  }

  /** Liveness: the process answers; never touches the database (a DB outage must not restart pods). */
  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process is up (no database access)' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => ({ process: { status: 'up', uptime_s: Math.round(process.uptime()) } })]);
  }

  /** Readiness for traffic: database ping plus "no pending migrations". */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: database ping and no pending migrations' })
  @ApiServiceUnavailableResponse({ description: 'Database down or migrations pending' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.ping(), () => this.database.migrations()]);
  }
}
