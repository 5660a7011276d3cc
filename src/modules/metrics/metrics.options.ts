export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');

export interface MetricsOptions {
  /** METRICS_ENABLED: false → no /metrics route (404) and no request instrumentation. */
  enabled: boolean;
  /** METRICS_TOKEN: when set, /metrics requires `Authorization: Bearer <token>`. */
  token?: string;
  /** Warn at start-up when a production service serves /metrics without a token. */
  production?: boolean;
}
