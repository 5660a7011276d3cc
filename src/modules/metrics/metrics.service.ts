import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { ResultCache, type ResultCacheStats } from '../../database/result-cache';
import { readPoolStats, type PoolStats } from './pool-stats';

/** Label of requests that matched no route (404s of unknown paths): raw URLs never become labels. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The service's Prometheus registry: one per application instance (not prom-client's global one, so
 * several apps in one process — the e2e tests — never collide). Holds the default process metrics,
 * the HTTP request counter and latency histogram, and gauges of the database pool read at scrape time.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });

  private readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(@InjectDataSource() dataSource: DataSource, @Optional() resultCache?: ResultCache) {
    collectDefaultMetrics({ register: this.registry });
    const gauge = (name: string, help: string, pick: (s: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['pool'] as const,
        registers: [this.registry],
        collect() {
          this.reset();
          for (const stats of readPoolStats(dataSource)) this.set({ pool: stats.pool }, pick(stats));
        },
      });
    gauge(
      'db_pool_connections_in_use',
      'Database connections in use (acquired, not yet released)',
      (s) => s.inUse,
    );
    gauge('db_pool_connections_idle', 'Open database connections idle in the pool', (s) => s.idle);
    gauge(
      'db_pool_requests_waiting',
      'Requests for a database connection queued because all are in use',
      (s) => s.waiting,
    );
    gauge('db_pool_connections_max', 'Connection limit of the pool (DB_POOL_SIZE)', (s) => s.max);
    if (resultCache) this.resultCacheMetrics(resultCache);
  }

  /** The result cache's counters and size (database/result-cache.ts), read at scrape time. */
  private resultCacheMetrics(cache: ResultCache): void {
    const metric = (
      Kind: typeof Counter | typeof Gauge,
      name: string,
      help: string,
      pick: (s: ResultCacheStats) => number,
    ) =>
      new Kind({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(pick(cache.stats()));
        },
      });
    metric(
      Counter,
      'result_cache_hits_total',
      'List counts and search matches answered from the result cache',
      (s) => s.hits,
    );
    metric(
      Counter,
      'result_cache_misses_total',
      'List counts and search matches read from the database',
      (s) => s.misses,
    );
    metric(
      Counter,
      'result_cache_invalidated_total',
      'Kept results refused because one of their tables changed since',
      (s) => s.invalidated,
    );
    metric(Gauge, 'result_cache_entries', 'Results kept in the result cache', (s) => s.entries);
    metric(
      Gauge,
      'result_cache_bytes',
      'Estimated size of the kept results (at most RESULT_CACHE_MAX_MB)',
      (s) => s.bytes,
    );
  }

  /** Records one finished request. `route` is the matched route pattern or UNMATCHED_ROUTE. */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
    const labels = { method, route, status_code: String(statusCode) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
