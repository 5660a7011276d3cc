/** One FastAPI-style validation problem: where (`loc`), what (`msg`), and a machine-readable `type`. */
export interface ValidationProblem {
  loc: Array<string | number>;
  msg: string;
  type: string;
}

/** The error body every non-2xx answer carries (spec/api.md "Our rules" 2). */
export interface ErrorBody {
  statusCode: number;
  message: string;
  detail: unknown;
  request_id?: string;
  [extra: string]: unknown;
}
