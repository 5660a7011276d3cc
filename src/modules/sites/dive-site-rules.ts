import { RequestValidationException } from '../../common/pipes/api-validation.pipe';
import { round } from './dive-site.mapper';

export const DIVE_SITE_NOT_FOUND = 'Dive site not found';
export const NOT_AUTHORIZED_TO_UPDATE = 'Not authorized to update this dive site';
export const NOT_AUTHORIZED_TO_DELETE = 'Not authorized to delete this dive site';
export const SEARCH_TOO_SHORT = 'Search query must be at least 3 characters long';
export const TOO_MANY_TAG_FILTERS = 'Too many tag filters';
export const TOO_CLOSE = 'Dive site is too close to existing ones.';
export const NO_COORDINATES = 'Dive site does not have location coordinates';
export const CREATE_BUSY = 'Too many sites are being created nearby; retry shortly';

export const MIN_SEARCH_LENGTH = 3;
export const MAX_TAG_FILTERS = 20;
/** Create refuses a site this close to a live one (metres) … */
export const DUPLICATE_DISTANCE_M = 50;
/** … or one with a similar name this close (metres). */
export const SIMILAR_NAME_DISTANCE_M = 50_000;
/** Sites listed in a 409 at most. */
export const MAX_CONFLICTS_LISTED = 10;
/** `GET /{id}/nearby` looks this far (metres). */
export const NEARBY_RADIUS_M = 100_000;
/** `GET /check-proximity` lists this many sites at most. */
export const PROXIMITY_LIMIT = 5;
/**
 * How long a create waits for the locks of its area (seconds) before answering 503 CREATE_BUSY:
 * short, so a hot spot sheds load instead of holding pool connections (a create holds its locks for
 * a few milliseconds, so only a burst of creators in one place ever waits this long), and below the
 * statement timeout of a request's queries (DB_QUERY_TIMEOUT_MS, 3 s by default), which would cut a
 * longer GET_LOCK and answer the generic 503 "Database unavailable" instead of this clearer one.
 */
export const CREATE_LOCK_TIMEOUT_S = 2;
/** `Retry-After` (seconds) of that 503. */
export const CREATE_BUSY_RETRY_AFTER_S = 2;

/** A coordinate as DECIMAL(…, 8) stores it, so the POINT and the columns hold the same place. */
export function toStoredCoordinate(value: number): number {
  return round(value, 8);
}

/** The contract's 422 for one body field. */
export function unprocessable(field: string, msg: string): RequestValidationException {
  return new RequestValidationException([{ loc: ['body', field], msg, type: 'value_error' }]);
}
