import type { Request } from 'express';
import { loadConfig } from '../../config/configuration';
import { routeLabel } from './http-metrics.middleware';
import { sameSecret } from './metrics.controller';
import { UNMATCHED_ROUTE } from './metrics.service';

const req = (route?: { path?: unknown }) => ({ route }) as unknown as Request;

describe('metrics pieces', () => {
  it('labels a request by the matched route pattern; no route or a middleware catch-all is "unmatched"', () => {
    expect(routeLabel(req({ path: '/api/v1/tags/:id' }))).toBe('/api/v1/tags/:id');
    expect(routeLabel(req({ path: '/health' }))).toBe('/health');
    expect(routeLabel(req())).toBe(UNMATCHED_ROUTE);
    expect(routeLabel(req({ path: '/api/v1/{*splat}' }))).toBe(UNMATCHED_ROUTE);
    expect(routeLabel(req({ path: '{*splat}' }))).toBe(UNMATCHED_ROUTE);
    expect(routeLabel(req({ path: '*path' }))).toBe(UNMATCHED_ROUTE);
    expect(routeLabel(req({ path: '/api/v1/*path' }))).toBe(UNMATCHED_ROUTE);
    expect(routeLabel(req({ path: /regex/ }))).toBe(UNMATCHED_ROUTE);
  });

  it('compares tokens of any length in constant time', () => {
    expect(sameSecret('a-token-0123456789', 'a-token-0123456789')).toBe(true);
    expect(sameSecret('a-token-012345678', 'a-token-0123456789')).toBe(false);
    expect(sameSecret('', 'a-token-0123456789')).toBe(false);
  });

  it('is configured by METRICS_ENABLED (default on) and METRICS_TOKEN (16+ characters)', () => {
    expect(loadConfig({}).metrics).toEqual({ enabled: true, token: undefined });
    expect(loadConfig({ METRICS_ENABLED: 'false', METRICS_TOKEN: 'x'.repeat(16) }).metrics).toEqual({
      enabled: false,
      token: 'x'.repeat(16),
    });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: /);
    expect(() => loadConfig({ METRICS_ENABLED: 'maybe' })).toThrow(/METRICS_ENABLED: /);
    expect(loadConfig({}).backupDir).toBe('backups');
    expect(loadConfig({ DB_BACKUP_DIR: '/var/backups/divemap' }).backupDir).toBe('/var/backups/divemap');
  });
});
