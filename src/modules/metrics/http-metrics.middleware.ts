import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService, UNMATCHED_ROUTE } from './metrics.service';

/**
 * The pattern of the route that handled `req`. Express leaves in `req.route` the last route layer
 * that matched; Nest registers middleware (`forRoutes({ path: '{*splat}' })`) as catch-all route
 * layers, so a request that no controller route matched still carries `<prefix>/{*splat}` (or, with
 * NestJS 12, its own catch-all `*path`): any pattern ending in a wildcard, like no route at all, is
 * UNMATCHED_ROUTE. (No controller of this API declares a wildcard route.)
 */
export function routeLabel(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern !== 'string' || /\*\w*\}?$/.test(pattern)) return UNMATCHED_ROUTE;
  return pattern;
}

/**
 * Times every request and records it when the response finishes, labelled by the route PATTERN
 * Express matched (`/api/v1/tags/:id`), never the raw URL, so label cardinality stays bounded.
 * Installed with `app.use` before the routes (see useHttpMetrics) rather than as an interceptor or a
 * Nest middleware: responses decided before a handler runs (401 from the guard, 429, 404 of unknown
 * paths) are counted, and so are paths outside the /api/v1 prefix, which Nest's
 * `forRoutes('{*splat}')` middleware does not see. A body refused before routing (413, malformed
 * JSON) counts as UNMATCHED_ROUTE. Aborted requests are not recorded.
 */
export function httpMetricsMiddleware(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      metrics.observeRequest(req.method, routeLabel(req), res.statusCode, seconds);
    });
    next();
  };
}

/**
 * Instruments every request of `app` when the metrics module is enabled (a no-op otherwise). Call it
 * before `app.init()`/`listen()`, so the middleware sits in front of every route.
 */
export function useHttpMetrics(app: INestApplication): void {
  let metrics: MetricsService;
  try {
    metrics = app.get(MetricsService, { strict: false });
  } catch {
    return; // METRICS_ENABLED=false: no MetricsService
  }
  app.use(httpMetricsMiddleware(metrics));
}
