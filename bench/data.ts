/**
 * The benchmark's data, generated deterministically (seeded PRNGs, one per table, so changing one
 * table's generator leaves the others' rows unchanged): coast-clustered dive sites with realistic,
 * multilingual names, the 200,000 clustered diving centers of bench/nearby-data.ts, users, 1,000,000
 * dives, ratings, tags, newsletters and the trips parsed out of them.
 *
 * Rows are produced lazily (generator functions), so a million dives never sit in memory at once.
 * Bump GENERATOR_VERSION whenever a generator's output changes: the seeded database is reused only
 * while its stored fingerprint (version, scale and row counts) matches.
 */
import { COASTS, generateCenters, pointAlong, rng, type Coast, type SeedCenter } from './nearby-data';

export const GENERATOR_VERSION = 3;

/**
 * The newest migration (its timestamp) of the schema these generators write. The seed runs on the
 * database migrated up to it; later migrations are applied by the service's start to the seeded rows,
 * so whatever they derive from existing rows is derived by the product's own code. Raise it (and bump
 * GENERATOR_VERSION) when a generator starts writing a column or table of a later migration.
 */
export const SEED_SCHEMA_UP_TO = 1796299230864;

/** The country holding a big share of the sites (the original Divemap is Greek-centric). */
export const HOTSPOT_COUNTRY = 'Greece';

/** A SQL expression written as is (e.g. a POINT constructor); everything else is escaped. */
export interface RawSql {
  raw: string;
}
export type SqlValue = null | number | string | RawSql;

export interface Volumes {
  scale: number;
  users: number;
  sites: number;
  centers: number;
  dives: number;
  /** Dives of the bench user (user 1), part of `dives`. */
  benchUserDives: number;
  newsletters: number;
  trips: number;
}

/** The row volumes at `scale` (1 = the sizes: 100k sites, 200k centers, 1M dives). */
export function volumesAt(scale: number): Volumes {
  const n = (full: number, min: number) => Math.max(min, Math.round(full * scale));
  return {
    scale,
    users: n(20_000, 50),
    sites: n(100_000, 500),
    centers: n(200_000, 500),
    dives: n(1_000_000, 2_000),
    benchUserDives: n(2_000, 50),
    newsletters: n(1_000, 10),
    trips: n(5_000, 100),
  };
}

// ---- helpers --------------------------------------------------------------------------------------

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const wrapLng = (lng: number) => {
  let x = ((((lng + 180) % 360) + 360) % 360) - 180;
  if (x <= -180) x = 180;
  return round(x, 8);
};
/** Case- and accent-folded text, as utf8mb4_unicode_ci compares it (for the unique keys). */
export const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const DAY_MS = 86_400_000;
const EPOCH_2012 = Date.UTC(2012, 0, 1);
const pad = (n: number) => String(n).padStart(2, '0');
/** `YYYY-MM-DD HH:MM:SS` of a UTC instant (DATETIME literal). */
function datetime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
function date(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
function timeOfDay(random: () => number, fromHour: number, toHour: number): string {
  const minutes = Math.floor(fromHour * 60 + random() * (toHour - fromHour) * 60);
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00`;
}

// ---- dive-site vocabulary ---------------------------------------------------------------------------

const EN_QUALIFIERS = [
  'Blue',
  'Coral',
  'Shark',
  'Turtle',
  'Manta',
  'Barracuda',
  'Octopus',
  'Grouper',
  'Moray',
  'Hidden',
  'Twin',
  'Red',
  'Black',
  'White',
  'Golden',
  'Long',
  'North',
  'South',
  'Lighthouse',
  'Anchor',
  'Angel',
  'Napoleon',
  'Eagle Ray',
  'Jackfish',
  'Seahorse',
  'Sunset',
  'Rainbow',
  'Crystal',
  'Sponge',
  'Dolphin',
  'Old Harbour',
  'Fisherman’s',
  'Captain’s',
  'Three Sisters',
  'Blue Hole',
];
// "Reef" three times: about one English site name in five is a reef.
const EN_FEATURES = [
  'Reef',
  'Reef',
  'Reef',
  'House Reef',
  'Wall',
  'Wreck',
  'Point',
  'Cave',
  'Bay',
  'Rock',
  'Pinnacle',
  'Drop-off',
  'Garden',
  'Arch',
  'Canyon',
  'Shoal',
  'Bank',
  'Lagoon',
  'Channel',
  'Caverns',
  'Plateau',
];

/** Local words per country (accents included), as local operators name their sites. */
const LOCAL: Record<string, { features: string[]; qualifiers: string[] }> = {
  Spain: {
    features: ['Arrecife', 'Cueva', 'Punta', 'Bajo', 'Cala', 'Illa'],
    qualifiers: [
      'del Tiburón',
      'de los Meros',
      'Negra',
      'de la Sirena',
      'del Faro',
      'de Sant Vicenç',
      'd’en Ferrer',
    ],
  },
  Mexico: {
    features: ['Arrecife', 'Cenote', 'Punta', 'Bajo', 'Cueva'],
    qualifiers: ['Palancar', 'Colombia', 'del Cielo', 'Santa Rosa', 'Paraíso', 'Dos Ojos'],
  },
  Honduras: {
    features: ['Arrecife', 'Punta', 'Bajo'],
    qualifiers: ['Mary’s Place', 'Ulises', 'Pequeño', 'de las Tortugas'],
  },
  France: {
    features: ['Sec', 'Grotte', 'Tombant', 'Épave', 'Île', 'Pointe'],
    qualifiers: [
      'du Lion',
      'de la Gabinière',
      'des Mérous',
      'Rouge',
      'de Niolon',
      'aux Corails',
      'de l’Éléphant',
    ],
  },
  Italy: {
    features: ['Secca', 'Grotta', 'Scoglio', 'Punta', 'Relitto'],
    qualifiers: ['del Corallo', 'delle Cernie', 'Azzurra', 'di Capo Testa', 'dei Gabbiani', 'Santa Maria'],
  },
  Croatia: {
    features: ['Špilja', 'Rt', 'Greben', 'Olupina', 'Otočić'],
    qualifiers: ['Galija', 'Mrtovnjak', 'Kablinac', 'Koromačna', 'Baron Gautsch', 'Čikat'],
  },
  Turkey: {
    features: ['Mağara', 'Burun', 'Resif', 'Batık', 'Kaya'],
    qualifiers: ['Göktaş', 'Büyük Çakıl', 'Şahin', 'Uçağı', 'Kaleköy', 'Ilıca'],
  },
  Türkiye: {
    features: ['Mağara', 'Burun', 'Resif', 'Batık'],
    qualifiers: ['Afkule', 'Göcek', 'Ölüdeniz', 'Kızılada'],
  },
  Egypt: {
    features: ['Ras', 'Shaab', 'Erg', 'Abu'],
    qualifiers: ['Mohammed', 'Umm Sid', 'El Erg', 'Nuhas', 'Gota Abu Ramada', 'Dab'],
  },
  Indonesia: {
    features: ['Pulau', 'Tanjung', 'Batu', 'Gili'],
    qualifiers: ['Bolong', 'Merah', 'Kecil', 'Tepekong', 'Mimpang', 'Lawadi'],
  },
  Portugal: {
    features: ['Baixa', 'Gruta', 'Ilhéu', 'Ponta'],
    qualifiers: ['do Ambrósio', 'das Formigas', 'de São Jorge', 'do Carapacho'],
  },
  Curaçao: {
    features: ['Playa', 'Punt', 'Klein'],
    qualifiers: ['Lagún', 'Kalki', 'Piskadó', 'Tugboat', 'Mushroom Forest'],
  },
};

/** Greek words with their Latin transliteration (ELOT 743), so a site is findable both ways. */
const GREEK_FEATURES: Array<[string, string]> = [
  ['Σπηλιά', 'Spilia'],
  ['Κάβος', 'Kavos'],
  ['Βράχος', 'Vrachos'],
  ['Ύφαλος', 'Yfalos'],
  ['Ναυάγιο', 'Navagio'],
  ['Νησίδα', 'Nisida'],
  ['Ξέρα', 'Xera'],
];
const GREEK_QUALIFIERS: Array<[string, string]> = [
  ['Κόκκινη', 'Kokkini'],
  ['Αγίου Νικολάου', 'Agiou Nikolaou'],
  ['Μαύρη', 'Mavri'],
  ['Μεγάλη', 'Megali'],
  ['Γαλάζια', 'Galazia'],
  ['Άσπρη', 'Aspri'],
  ['της Χελώνας', 'tis Chelonas'],
  ['του Φάρου', 'tou Farou'],
  ['Αγίας Ειρήνης', 'Agias Eirinis'],
  ['Ελαφονήσου', 'Elafonisou'],
];
const GREEK_REGIONS: Record<string, string> = {
  Attica: 'Αττική',
  'South Aegean': 'Νότιο Αιγαίο',
  Crete: 'Κρήτη',
  'Ionian Islands': 'Ιόνια Νησιά',
  'Central Macedonia': 'Κεντρική Μακεδονία',
};
const GREEK_LATIN_QUALIFIERS = ['Kokkini', 'Agios Nikolaos', 'Mavro', 'Megalo', 'Thalassa', 'Aspri'];

const MARINE_LIFE = [
  'groupers and moray eels',
  'soft corals and nudibranchs',
  'schools of barracuda',
  'turtles resting under ledges',
  'octopus and cuttlefish',
  'eagle rays in the channel',
  'posidonia meadows full of seahorses',
  'a colourful reef of sea fans',
];
const DESCRIPTIONS = [
  (life: string, d: number) => `A gentle reef slope down to ${d} m with ${life}.`,
  (life: string, d: number) => `Sheltered bay with a sandy bottom at ${d} m; ${life}.`,
  (life: string, d: number) => `Wall dive dropping past ${d} m; currents at times. Expect ${life}.`,
  (life: string, d: number) => `Wreck lying at ${d} m, broken in two, now home to ${life}.`,
  (life: string, d: number) => `Cavern with light beams at noon, exit at ${d} m; ${life}.`,
  (life: string, d: number) => `Fringing reef along the shore, easy entry, max ${d} m, ${life}.`,
];
const GREEK_DESCRIPTIONS = [
  'Βουτιά σε ύφαλο με πλούσια θαλάσσια ζωή και ορατότητα πάνω από 20 μέτρα.',
  'Σπηλιά με φυσικό φως, κατάλληλη για προχωρημένους δύτες.',
  'Ναυάγιο του Β΄ Παγκοσμίου Πολέμου σε αμμώδη βυθό.',
];

/** Diving coasts for the sites: the centers' 40 plus more Greek ones and some with accented names. */
const EXTRA_SITE_COASTS: Coast[] = [
  {
    name: 'Ionian',
    country: 'Greece',
    region: 'Ionian Islands',
    path: [
      [39.8, 19.85],
      [39.6, 19.95],
      [38.3, 20.4],
      [37.8, 20.8],
    ],
  },
  {
    name: 'Dodecanese',
    country: 'Greece',
    region: 'South Aegean',
    path: [
      [36.45, 28.2],
      [36.9, 27.3],
      [37.0, 26.9],
    ],
  },
  {
    name: 'Chalkidiki',
    country: 'Greece',
    region: 'Central Macedonia',
    path: [
      [40.25, 23.3],
      [39.95, 23.7],
      [40.1, 24.3],
    ],
  },
  {
    name: 'Côte Bleue',
    country: 'France',
    region: 'Provence-Alpes-Côte d’Azur',
    path: [
      [43.33, 5.25],
      [43.35, 5.05],
    ],
  },
  {
    name: 'Curaçao',
    country: 'Curaçao',
    region: 'Willemstad',
    path: [
      [12.38, -69.15],
      [12.1, -68.9],
      [12.03, -68.75],
    ],
  },
  {
    name: 'Tenerife',
    country: 'Spain',
    region: 'Canarias',
    path: [
      [28.55, -16.2],
      [28.05, -16.55],
      [28.15, -16.8],
    ],
  },
  {
    name: 'Açores',
    country: 'Portugal',
    region: 'Açores',
    path: [
      [37.75, -25.7],
      [38.53, -28.6],
    ],
  },
  {
    name: 'Fethiye',
    country: 'Türkiye',
    region: 'Muğla',
    path: [
      [36.6, 29.05],
      [36.55, 29.1],
      [36.75, 28.9],
    ],
  },
];
export const SITE_COASTS: Coast[] = [...COASTS, ...EXTRA_SITE_COASTS];
const HOTSPOT_SHARE = 0.35;
const hotspotCoasts = SITE_COASTS.filter((c) => c.country === HOTSPOT_COUNTRY);
const otherCoasts = SITE_COASTS.filter((c) => c.country !== HOTSPOT_COUNTRY);

// ---- dive sites -----------------------------------------------------------------------------------

export interface SeedSite {
  id: number;
  name: string;
  aliases: string[];
  description: string | null;
  lat: number | null;
  lng: number | null;
  country: string | null;
  region: string | null;
  difficultyId: number | null;
  maxDepth: number | null;
  createdBy: number | null;
  archived: boolean;
  createdAt: string;
  /** Index in SITE_COASTS, or -1 (scattered or without coordinates). */
  coast: number;
}

function siteName(random: () => number, coast: Coast): { name: string; aliases: string[]; greek: boolean } {
  const aliases: string[] = [];
  const english = () => `${pick(random, EN_QUALIFIERS)} ${pick(random, EN_FEATURES)}`;
  if (coast.country === 'Greece') {
    const r = random();
    if (r < 0.4) {
      const [fg, fl] = pick(random, GREEK_FEATURES);
      const [qg, ql] = pick(random, GREEK_QUALIFIERS);
      // Most Greek-script names carry their transliteration as an alias; some do not (search must
      // then transliterate by itself).
      if (random() < 0.7) aliases.push(`${fl} ${ql}`);
      return { name: `${fg} ${qg}`, aliases, greek: true };
    }
    if (r < 0.7) {
      const [, fl] = pick(random, GREEK_FEATURES);
      return { name: `${fl} ${pick(random, GREEK_LATIN_QUALIFIERS)}`, aliases, greek: false };
    }
    return { name: `${coast.name} ${english()}`, aliases, greek: false };
  }
  const local = LOCAL[coast.country];
  if (local && random() < 0.5) {
    const name = `${pick(random, local.features)} ${pick(random, local.qualifiers)}`;
    // An English alias, as dive guides translate names.
    if (random() < 0.3) aliases.push(english());
    return { name, aliases, greek: false };
  }
  return { name: random() < 0.3 ? `${coast.name} ${english()}` : english(), aliases, greek: false };
}

/** The `total` sites: ≈90 % on coasts (35 % of those in the hotspot country), 8 % scattered, 2 % unplaced. */
export function generateSites(total: number, users: number, seed = 20251201): SeedSite[] {
  const random = rng(seed);
  const sites: SeedSite[] = [];
  const createdSpan = Date.UTC(2025, 10, 1) - Date.UTC(2018, 0, 1);
  for (let i = 0; i < total; i++) {
    const kind = random();
    let lat: number | null = null;
    let lng: number | null = null;
    let coastIndex = -1;
    let name: string;
    let aliases: string[] = [];
    let country: string | null = null;
    let region: string | null = null;
    let greek = false;
    if (kind < 0.9) {
      const coast = random() < HOTSPOT_SHARE ? pick(random, hotspotCoasts) : pick(random, otherCoasts);
      coastIndex = SITE_COASTS.indexOf(coast);
      const on = pointAlong(coast, random());
      const spread = random() < 0.7 ? 0.03 : 0.12;
      lat = round(Math.max(-90, Math.min(90, on.lat + gaussian(random) * spread)), 8);
      lng = wrapLng(on.lng + (gaussian(random) * spread) / Math.max(0.2, Math.cos((lat * Math.PI) / 180)));
      ({ name, aliases, greek } = siteName(random, coast));
      country = coast.country;
      region = greek && random() < 0.3 ? (GREEK_REGIONS[coast.region] ?? coast.region) : coast.region;
    } else if (kind < 0.98) {
      lat = round((Math.asin(2 * random() - 1) * 180) / Math.PI, 8);
      lng = wrapLng(random() * 360 - 180);
      name = `${pick(random, EN_QUALIFIERS)} ${pick(random, EN_FEATURES)}`;
    } else {
      name = `${pick(random, EN_QUALIFIERS)} ${pick(random, EN_FEATURES)}`;
    }
    // A second alias for some: "<name> (<coast>)"-style guide names, never equal to another alias.
    if (random() < 0.12) {
      const extra = coastIndex >= 0 ? `${name} ${SITE_COASTS[coastIndex].name}` : `${name} Site`;
      if (!aliases.some((a) => fold(a) === fold(extra))) aliases.push(extra);
    }
    const depth = Math.round(5 + random() * random() * 55);
    const hasDescription = random() < 0.6;
    const description = !hasDescription
      ? null
      : greek && random() < 0.5
        ? pick(random, GREEK_DESCRIPTIONS)
        : pick(random, DESCRIPTIONS)(pick(random, MARINE_LIFE), depth);
    const d = random();
    sites.push({
      id: i + 1,
      name,
      aliases,
      description,
      lat,
      lng,
      country,
      region,
      difficultyId: d < 0.2 ? null : d < 0.55 ? 1 : d < 0.8 ? 2 : d < 0.95 ? 3 : 4,
      maxDepth: random() < 0.85 ? depth : null,
      createdBy: random() < 0.7 ? 1 + Math.floor(random() * users) : null,
      archived: random() < 0.02,
      createdAt: datetime(Date.UTC(2018, 0, 1) + Math.floor(random() * createdSpan)),
      coast: coastIndex,
    });
  }
  return sites;
}

// ---- the data set ---------------------------------------------------------------------------------

export const TAGS = [
  'Wreck',
  'Reef',
  'Cave',
  'Wall',
  'Drift',
  'Night dive',
  'Macro',
  'Sharks',
  'Turtles',
  'Nudibranchs',
  'Shore dive',
  'Boat dive',
  'Deep',
  'Technical',
  'Beginner friendly',
  'Snorkeling',
  'Photography',
  'Seagrass',
  'Arch',
  'Cavern',
  'Pinnacle',
  'Muck',
  'Kelp',
  'Mantas',
  'Dolphins',
  'Seals',
  'Historic',
  'Training',
  'Strong current',
  'Freediving',
  'Marine reserve',
  'Sponges',
  'Soft corals',
  'Hard corals',
  'Octopus',
  'Groupers',
  'Barracuda',
  'Seahorses',
  'Archaeology',
  'Ναυάγιο',
];

const FIRST_NAMES = [
  'Maria',
  'Nikos',
  'Eleni',
  'Giorgos',
  'Sophie',
  'Lucas',
  'Ana',
  'José',
  'Zoë',
  'Björn',
  'Chloé',
  'Mehmet',
  'Ayşe',
  'Ivana',
  'Luca',
  'Emma',
  'Ahmed',
  'Yuki',
  'Δημήτρης',
  'Κατερίνα',
];
const LAST_NAMES = [
  'Papadopoulou',
  'Nikolaidis',
  'Müller',
  'García',
  'Rossi',
  'Dubois',
  'Horvat',
  'Yılmaz',
  'Smith',
  'Nguyen',
  'Jansen',
  'Silva',
  'Kowalski',
  'Παπαδόπουλος',
  'Γεωργίου',
];
const ASCII_FIRST = [
  'maria',
  'nikos',
  'eleni',
  'giorgos',
  'sophie',
  'lucas',
  'ana',
  'jose',
  'zoe',
  'bjorn',
  'chloe',
  'mehmet',
  'ayse',
  'ivana',
  'luca',
  'emma',
  'ahmed',
  'yuki',
  'dimitris',
  'katerina',
];

/** user 1: the bench's authenticated caller (its dives: the "one user's dives" scenario). */
export const BENCH_USER = { id: 1, username: 'bench_user' };
/** Never verifiable: nobody logs in during the bench (the bench signs its own access token). */
const PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2gtb25seS1zYWx0$bm90LWEtcmVhbC1oYXNoLWJlbmNoLW9ubHk';

export const TRIP_RANGE = { from: Date.UTC(2024, 0, 1), days: 1096 };

export interface TableData {
  table: string;
  columns: string[];
  rows: () => Iterable<SqlValue[]>;
}

/** Everything the scenarios need to know about the generated data (ids, points, values). */
export interface DataSet {
  volumes: Volumes;
  sites: SeedSite[];
  centers: SeedCenter[];
  tables: TableData[];
}

/**
 * The whole data set at `volumes`. `point(lng, lat)` builds the server's POINT expression and
 * `sentinel` its POINT(0 0) (bench/seed.ts passes spatialSql()'s).
 */
export function buildDataSet(
  volumes: Volumes,
  spatial: { point(lng: string, lat: string): string; sentinel(): string },
): DataSet {
  const sites = generateSites(volumes.sites, volumes.users);
  const centers = generateCenters(volumes.centers);
  const location = (lat: number | null, lng: number | null): RawSql => ({
    raw: lat === null || lng === null ? spatial.sentinel() : spatial.point(String(lng), String(lat)),
  });
  const now = '2025-11-30 12:00:00';
  const liveSiteIds = sites.filter((s) => !s.archived && s.coast >= 0).map((s) => s.id);
  const hotspotSiteIds = sites.filter((s) => !s.archived && s.country === HOTSPOT_COUNTRY).map((s) => s.id);
  const hotspotCenterIds = centers.flatMap((c, i) => (c.country === HOTSPOT_COUNTRY ? [i + 1] : []));

  const users: TableData = {
    table: 'users',
    columns: [
      'id',
      'username',
      'name',
      'email',
      'password_hash',
      'enabled',
      'number_of_dives',
      'created_at',
      'updated_at',
    ],
    *rows() {
      const random = rng(101);
      yield [
        BENCH_USER.id,
        BENCH_USER.username,
        'Bench User',
        'bench_user@example.test',
        PASSWORD_HASH,
        1,
        0,
        now,
        now,
      ];
      for (let id = 2; id <= volumes.users; id++) {
        const f = Math.floor(random() * FIRST_NAMES.length);
        const username = `${ASCII_FIRST[f]}_${id}`;
        const created = datetime(Date.UTC(2019, 0, 1) + Math.floor(random() * 2400) * DAY_MS);
        yield [
          id,
          username,
          `${FIRST_NAMES[f]} ${pick(random, LAST_NAMES)}`,
          `${username}@example.test`,
          PASSWORD_HASH,
          random() < 0.01 ? 0 : 1,
          Math.floor(random() * random() * 800),
          created,
          created,
        ];
      }
    },
  };

  const tags: TableData = {
    table: 'available_tags',
    columns: ['id', 'name', 'description', 'created_by', 'created_at', 'updated_at'],
    *rows() {
      for (let i = 0; i < TAGS.length; i++) yield [i + 1, TAGS[i], null, null, now, now];
    },
  };

  const diveSites: TableData = {
    table: 'dive_sites',
    columns: [
      'id',
      'name',
      'description',
      'latitude',
      'longitude',
      'difficulty_id',
      'max_depth',
      'country',
      'region',
      'location',
      'created_by',
      'deleted_at',
      'created_at',
      'updated_at',
    ],
    *rows() {
      for (const s of sites) {
        yield [
          s.id,
          s.name,
          s.description,
          s.lat,
          s.lng,
          s.difficultyId,
          s.maxDepth,
          s.country,
          s.region,
          location(s.lat, s.lng),
          s.createdBy,
          s.archived ? now : null,
          s.createdAt,
          s.createdAt,
        ];
      }
    },
  };

  const aliases: TableData = {
    table: 'dive_site_aliases',
    columns: ['id', 'dive_site_id', 'alias', 'created_at'],
    *rows() {
      let id = 0;
      for (const s of sites) for (const alias of s.aliases) yield [++id, s.id, alias, s.createdAt];
    },
  };

  /** Distinct picks from 1..n (n small, or count ≪ n). */
  const distinct = (random: () => number, count: number, n: number): number[] => {
    const out = new Set<number>();
    while (out.size < Math.min(count, n)) out.add(1 + Math.floor(random() * n));
    return [...out];
  };

  const siteTags: TableData = {
    table: 'dive_site_tags',
    columns: ['id', 'dive_site_id', 'tag_id', 'created_at'],
    *rows() {
      const random = rng(202);
      let id = 0;
      for (const s of sites) {
        const n = Math.floor(random() * random() * 4);
        for (const tag of distinct(random, n, TAGS.length)) yield [++id, s.id, tag, s.createdAt];
      }
    },
  };

  const siteRatings: TableData = {
    table: 'site_ratings',
    columns: ['id', 'dive_site_id', 'user_id', 'score', 'created_at', 'updated_at'],
    *rows() {
      const random = rng(303);
      let id = 0;
      for (const s of sites) {
        const n = Math.floor(random() * random() * 9);
        for (const user of distinct(random, n, volumes.users)) {
          yield [++id, s.id, user, 10 - Math.floor(random() * random() * 10), s.createdAt, s.createdAt];
        }
      }
    },
  };

  const divingCenters: TableData = {
    table: 'diving_centers',
    columns: [
      'id',
      'name',
      'country',
      'region',
      'latitude',
      'longitude',
      'location',
      'created_at',
      'updated_at',
    ],
    *rows() {
      const random = rng(404);
      for (let i = 0; i < centers.length; i++) {
        const c = centers[i];
        const created = datetime(Date.UTC(2018, 0, 1) + Math.floor(random() * 2800) * DAY_MS);
        yield [i + 1, c.name, c.country, c.region, c.lat, c.lng, location(c.lat, c.lng), created, created];
      }
    },
  };

  const centerRatings: TableData = {
    table: 'center_ratings',
    columns: ['id', 'diving_center_id', 'user_id', 'score', 'created_at', 'updated_at'],
    *rows() {
      const random = rng(505);
      let id = 0;
      for (let c = 1; c <= centers.length; c++) {
        const n = Math.floor(random() * random() * random() * 6);
        for (const user of distinct(random, n, volumes.users)) {
          yield [++id, c, user, 1 + Math.floor(random() * 10), now, now];
        }
      }
    },
  };

  const dives: TableData = {
    table: 'dives',
    columns: [
      'id',
      'user_id',
      'dive_site_id',
      'diving_center_id',
      'name',
      'is_private',
      'dive_information',
      'max_depth',
      'average_depth',
      'suit_type',
      'difficulty_id',
      'visibility_rating',
      'user_rating',
      'dive_date',
      'dive_time',
      'duration',
      'created_at',
      'updated_at',
    ],
    *rows() {
      const random = rng(606);
      const benchShare = volumes.benchUserDives / volumes.dives;
      const span = Date.UTC(2025, 10, 30) - EPOCH_2012;
      const suits = ['wet_suit', 'dry_suit', 'shortie', null, null] as const;
      for (let id = 1; id <= volumes.dives; id++) {
        const bench = random() < benchShare;
        // Skewed owners: a few very active divers, a long tail of occasional ones.
        const user = bench ? BENCH_USER.id : 2 + Math.floor(random() * random() * (volumes.users - 1));
        const siteId = random() < 0.97 ? pick(random, liveSiteIds) : null;
        const day = EPOCH_2012 + Math.floor(random() * (span / DAY_MS)) * DAY_MS;
        const maxDepth = round(6 + random() * random() * 50, 1);
        const site = siteId === null ? null : sites[siteId - 1];
        yield [
          id,
          user,
          siteId,
          random() < 0.3 ? 1 + Math.floor(random() * centers.length) : null,
          `${site ? site.name : 'Dive'} - ${date(day).replace(/-/g, '/')}`,
          random() < (bench ? 0.25 : 0.1) ? 1 : 0,
          random() < 0.15
            ? `Buddy: ${pick(random, FIRST_NAMES)}. Water ${18 + Math.floor(random() * 12)}°C, ${pick(random, MARINE_LIFE)}.`
            : null,
          maxDepth,
          round(maxDepth * (0.5 + random() * 0.3), 1),
          pick(random, suits),
          random() < 0.6 ? 1 + Math.floor(random() * 4) : null,
          random() < 0.7 ? 1 + Math.floor(random() * 10) : null,
          random() < 0.7 ? 1 + Math.floor(random() * 10) : null,
          date(day),
          timeOfDay(random, 7, 19),
          20 + Math.floor(random() * 60),
          datetime(day + 20 * 3600_000),
          datetime(day + 20 * 3600_000),
        ];
      }
    },
  };

  const diveTags: TableData = {
    table: 'dive_tags',
    columns: ['id', 'dive_id', 'tag_id', 'created_at'],
    *rows() {
      const random = rng(707);
      let id = 0;
      for (let dive = 1; dive <= volumes.dives; dive++) {
        if (random() >= 0.2) continue;
        for (const tag of distinct(random, 1 + Math.floor(random() * 2), TAGS.length))
          yield [++id, dive, tag, now];
      }
    },
  };

  const newsletters: TableData = {
    table: 'newsletters',
    columns: ['id', 'content', 'received_at'],
    *rows() {
      const random = rng(808);
      const months = [
        'Ιανουαρίου',
        'Φεβρουαρίου',
        'Μαρτίου',
        'Απριλίου',
        'Μαΐου',
        'Ιουνίου',
        'Ιουλίου',
        'Αυγούστου',
        'Σεπτεμβρίου',
        'Οκτωβρίου',
        'Νοεμβρίου',
        'Δεκεμβρίου',
      ];
      for (let id = 1; id <= volumes.newsletters; id++) {
        const lines = [
          `From: Aegean Dive Center ${id} <info@example.test>`,
          `Subject: Πρόγραμμα καταδύσεων ${id}`,
          '',
        ];
        const trips = 2 + Math.floor(random() * 6);
        for (let t = 0; t < trips; t++) {
          const site = sites[pick(random, hotspotSiteIds.length > 0 ? hotspotSiteIds : liveSiteIds) - 1];
          lines.push(
            `Την Κυριακή ${1 + Math.floor(random() * 28)} ${pick(random, months)} βουτάμε στο ${site.name}. ` +
              `Ραντεβού στις ${timeOfDay(random, 8, 10).slice(0, 5)} στο λιμάνι. Διάρκεια 4 ώρες, κόστος ${40 + Math.floor(random() * 60)}€. ` +
              'Ελάχιστη πιστοποίηση: Advanced Open Water. Διαθεσιμότητα 12 θέσεις.',
          );
        }
        lines.push('', 'Καλές βουτιές!', '— Η ομάδα μας');
        yield [
          id,
          lines.join('\n'),
          datetime(TRIP_RANGE.from + Math.floor(random() * TRIP_RANGE.days) * DAY_MS),
        ];
      }
    },
  };

  const trips: TableData = {
    table: 'parsed_dive_trips',
    columns: [
      'id',
      'diving_center_id',
      'trip_date',
      'trip_time',
      'trip_duration',
      'trip_difficulty_id',
      'trip_price',
      'trip_currency',
      'group_size_limit',
      'current_bookings',
      'trip_description',
      'special_requirements',
      'trip_status',
      'source_newsletter_id',
      'extracted_at',
      'created_at',
      'updated_at',
    ],
    *rows() {
      const random = rng(909);
      // The centers that send newsletters: a few hundred in the hotspot country.
      const senders = hotspotCenterIds.slice(0, Math.max(20, Math.round(400 * volumes.scale)));
      const statuses = ['scheduled', 'scheduled', 'scheduled', 'confirmed', 'completed', 'cancelled'];
      for (let id = 1; id <= volumes.trips; id++) {
        const day = TRIP_RANGE.from + Math.floor(random() * TRIP_RANGE.days) * DAY_MS;
        const extracted = datetime(day - Math.floor(random() * 30) * DAY_MS);
        yield [
          id,
          senders.length > 0 && random() < 0.95 ? pick(random, senders) : null,
          date(day),
          timeOfDay(random, 8, 10),
          120 + Math.floor(random() * 8) * 30,
          random() < 0.5 ? 1 + Math.floor(random() * 4) : null,
          round(40 + random() * 110, 2),
          'EUR',
          random() < 0.7 ? 6 + Math.floor(random() * 10) : null,
          Math.floor(random() * 6),
          `Double dive trip ${id}: boat departs from the harbour, two sites weather permitting.`,
          random() < 0.3 ? 'Advanced Open Water' : null,
          pick(random, statuses),
          1 + Math.floor(random() * volumes.newsletters),
          extracted,
          extracted,
          extracted,
        ];
      }
    },
  };

  const parsedDives: TableData = {
    table: 'parsed_dives',
    columns: [
      'id',
      'trip_id',
      'dive_site_id',
      'dive_number',
      'dive_time',
      'dive_duration',
      'dive_description',
      'created_at',
      'updated_at',
    ],
    *rows() {
      const random = rng(1010);
      const pool = hotspotSiteIds.length > 0 ? hotspotSiteIds : liveSiteIds;
      let id = 0;
      for (let trip = 1; trip <= volumes.trips; trip++) {
        const n = random() < 0.4 ? 2 : 1;
        for (let k = 1; k <= n; k++) {
          yield [
            ++id,
            trip,
            random() < 0.9 ? pick(random, pool) : null,
            k,
            timeOfDay(random, 9, 14),
            40 + Math.floor(random() * 20),
            k === 1 ? 'First dive' : 'Second dive',
            now,
            now,
          ];
        }
      }
    },
  };

  return {
    volumes,
    sites,
    centers,
    tables: [
      users,
      tags,
      diveSites,
      aliases,
      siteTags,
      siteRatings,
      divingCenters,
      centerRatings,
      dives,
      diveTags,
      newsletters,
      trips,
      parsedDives,
    ],
  };
}
