/**
 * The load scenarios `npm run bench` runs against a real service process. Each feature adds its
 * own (list queries, nearby search...) together with the data it needs in bench/seed.ts.
 */
export interface Scenario {
  name: string;
  method?: 'GET' | 'POST';
  path: string;
  /** What a healthy answer looks like; any other status counts as an error. */
  expectStatus?: number;
}

export const SCENARIOS: Scenario[] = [
  { name: 'liveness probe (no database)', path: '/health/live' },
  { name: 'health probe (database ping)', path: '/health' },
  { name: 'readiness probe (ping + pending migrations)', path: '/health/ready' },
  { name: 'root document', path: '/' },
];
