import { Inject, Logger, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics.options';
import { MetricsService } from './metrics.service';

/**
 * Prometheus metrics: GET /metrics (see MetricsController) and the registry the request
 * instrumentation writes to (installed by setupApp through useHttpMetrics). With
 * METRICS_ENABLED=false the module is empty: no route (404), no registry, no instrumentation.
 */
@Module({})
export class MetricsModule implements OnModuleInit {
  constructor(@Inject(METRICS_OPTIONS) private readonly options: MetricsOptions) {}

  static forRoot(options: MetricsOptions): DynamicModule {
    const optionsProvider = { provide: METRICS_OPTIONS, useValue: options };
    if (!options.enabled) return { module: MetricsModule, providers: [optionsProvider] };
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [optionsProvider, MetricsService],
      exports: [MetricsService],
    };
  }

  onModuleInit(): void {
    if (this.options.enabled && this.options.token === undefined && this.options.production) {
      new Logger('Metrics').warn(
        'GET /metrics is served without a token: set METRICS_TOKEN, or keep the route off public ingress',
      );
    }
  }
}
