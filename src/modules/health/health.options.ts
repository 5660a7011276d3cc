export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');
export interface HealthOptions {
  /** Upper bound of each database check, so a hanging database answers 503 within it. */
  timeoutMs: number;
}
