import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CenterCandidate, ParsedNewsletter, SiteCandidate } from './newsletter-parser';

/**
 * The newsletter corpus of test/fixtures/newsletters (see its README): the newsletters, what each must
 * parse to, and the centers and sites the tests seed. Used by the parser's unit tests and the e2e tests.
 */
export const CORPUS_DIR = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'newsletters');

export interface ExpectedDive {
  dive_number: number;
  dive_site_id: number | null;
  dive_time: string | null;
  dive_duration: number | null;
  dive_description_includes?: string[];
}

export interface ExpectedTrip {
  trip_date: string;
  trip_time: string | null;
  trip_duration: number | null;
  trip_price: number | null;
  trip_currency: string;
  group_size_limit: number | null;
  trip_difficulty_code: string | null;
  special_requirements?: null;
  special_requirements_includes?: string[];
  trip_description_includes?: string[];
  dives: ExpectedDive[];
}

export interface CorpusFixture {
  name: string;
  file: string;
  content: string;
  description: string;
  input: { received_at: string; diving_center_id: number | null };
  expected: {
    subject: string | null;
    reference_date: string;
    diving_center_id: number | null;
    trips: ExpectedTrip[];
  };
}

export interface CorpusContext {
  diving_centers: Array<
    CenterCandidate & { country: string; region: string; city: string; latitude: number; longitude: number }
  >;
  dive_sites: Array<
    SiteCandidate & {
      country: string;
      region: string;
      latitude: number;
      longitude: number;
      max_depth: number;
    }
  >;
}

export function loadCorpusContext(): CorpusContext {
  return JSON.parse(readFileSync(join(CORPUS_DIR, 'context.json'), 'utf8')) as CorpusContext;
}

export function loadCorpus(): CorpusFixture[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => /^\d\d-.+\.txt$/.test(f))
    .sort()
    .map((file) => {
      const name = file.replace(/\.txt$/, '');
      const spec = JSON.parse(readFileSync(join(CORPUS_DIR, `${name}.expected.json`), 'utf8')) as Omit<
        CorpusFixture,
        'name' | 'file' | 'content'
      >;
      return { name, file, content: readFileSync(join(CORPUS_DIR, file), 'utf8'), ...spec };
    });
}

const includesAll = (text: string | null, phrases: string[]) =>
  text !== null && phrases.every((p) => text.toLowerCase().includes(p.toLowerCase()));

/**
 * The parse result in the shape of the expectation: exact fields as they are, and each `*_includes`
 * field replaced by the expected phrases when the text contains them all (else by the text itself),
 * so one toEqual() compares field by field and shows what differs.
 */
export function comparableResult(result: ParsedNewsletter, expected: CorpusFixture['expected']): unknown {
  return {
    subject: result.subject,
    reference_date: result.reference_date,
    diving_center_id: result.diving_center_id,
    trips: result.trips.map((trip, i) => {
      const want = expected.trips[i] as ExpectedTrip | undefined;
      const view: Record<string, unknown> = {
        trip_date: trip.trip_date,
        trip_time: trip.trip_time,
        trip_duration: trip.trip_duration,
        trip_price: trip.trip_price,
        trip_currency: trip.trip_currency,
        group_size_limit: trip.group_size_limit,
        trip_difficulty_code: trip.trip_difficulty_code,
      };
      if (want?.special_requirements_includes) {
        view.special_requirements_includes = includesAll(
          trip.special_requirements,
          want.special_requirements_includes,
        )
          ? want.special_requirements_includes
          : trip.special_requirements;
      } else {
        view.special_requirements = trip.special_requirements;
      }
      if (want?.trip_description_includes) {
        view.trip_description_includes = includesAll(trip.trip_description, want.trip_description_includes)
          ? want.trip_description_includes
          : trip.trip_description;
      }
      view.dives = trip.dives.map((dive, j) => {
        const wantDive = want?.dives[j];
        const d: Record<string, unknown> = {
          dive_number: dive.dive_number,
          dive_site_id: dive.dive_site_id,
          dive_time: dive.dive_time,
          dive_duration: dive.dive_duration,
        };
        if (wantDive?.dive_description_includes) {
          d.dive_description_includes = includesAll(dive.dive_description, wantDive.dive_description_includes)
            ? wantDive.dive_description_includes
            : dive.dive_description;
        }
        return d;
      });
      return view;
    }),
  };
}
