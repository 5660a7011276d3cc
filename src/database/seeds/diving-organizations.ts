/** One row of `diving_organizations` as the seed writes it (logo_url is left empty). */
export interface DivingOrganizationSeed {
  acronym: string;
  name: string;
  website: string;
  description: string;
  country: string;
  founded_year: number;
}

/**
 * The ten organizations spec/database.md "Data Population" names, in its order, with public facts:
 * founding year and the country of the headquarters.
 */
export const DIVING_ORGANIZATIONS: readonly DivingOrganizationSeed[] = [
  {
    acronym: 'PADI',
    name: 'Professional Association of Diving Instructors',
    website: 'https://www.padi.com',
    description:
      'The largest recreational scuba training organization, founded in 1966 by John Cronin and Ralph Erickson; ' +
      'courses from Open Water Diver to instructor level through dive centers worldwide.',
    country: 'United States',
    founded_year: 1966,
  },
  {
    acronym: 'SSI',
    name: 'Scuba Schools International',
    website: 'https://www.divessi.com',
    description:
      'Training agency founded in 1970 in the United States that certifies divers through affiliated dive ' +
      'centers, from recreational and freediving to technical programs.',
    country: 'United States',
    founded_year: 1970,
  },
  {
    acronym: 'GUE',
    name: 'Global Underwater Explorers',
    website: 'https://www.gue.com',
    description:
      'Non-profit founded in 1998 in High Springs, Florida, known for standardized team diving, technical and ' +
      'cave training, and support for underwater exploration, research and conservation.',
    country: 'United States',
    founded_year: 1998,
  },
  {
    acronym: 'RAID',
    name: 'Rebreather Association of International Divers',
    website: 'https://www.diveraid.com',
    description:
      'Founded in 2007 as a rebreather training agency, it now offers online-first recreational, technical ' +
      'and rebreather courses.',
    country: 'United Kingdom',
    founded_year: 2007,
  },
  {
    acronym: 'CMAS',
    name: 'Confédération Mondiale des Activités Subaquatiques',
    website: 'https://www.cmas.org',
    description:
      'The World Underwater Federation, founded in 1959 with Jacques-Yves Cousteau as its first president; ' +
      'headquartered in Rome, it federates national diving bodies and sets star-rated diver standards.',
    country: 'Italy',
    founded_year: 1959,
  },
  {
    acronym: 'TDI',
    name: 'Technical Diving International',
    website: 'https://www.tdisdi.com',
    description:
      'Founded in 1994, one of the largest technical diving agencies: nitrox, decompression, trimix, cave and ' +
      'rebreather training. Part of the same group as SDI.',
    country: 'United States',
    founded_year: 1994,
  },
  {
    acronym: 'NAUI',
    name: 'National Association of Underwater Instructors',
    website: 'https://www.naui.org',
    description:
      'Non-profit diver training association founded in 1960 in the United States, known for its motto ' +
      '"Dive Safety Through Education".',
    country: 'United States',
    founded_year: 1960,
  },
  {
    acronym: 'BSAC',
    name: 'British Sub-Aqua Club',
    website: 'https://www.bsac.com',
    description:
      "Founded in 1953, the UK's national governing body for recreational diving and snorkelling, training " +
      'divers through a network of member clubs.',
    country: 'United Kingdom',
    founded_year: 1953,
  },
  {
    acronym: 'SDI',
    name: 'Scuba Diving International',
    website: 'https://www.tdisdi.com/sdi',
    description:
      'Recreational training agency founded in 1998 by the team behind TDI, with courses from Open Water ' +
      'Scuba Diver to instructor.',
    country: 'United States',
    founded_year: 1998,
  },
  {
    acronym: 'IANTD',
    name: 'International Association of Nitrox and Technical Divers',
    website: 'https://www.iantd.com',
    description:
      'Founded in 1985 as the International Association of Nitrox Divers to promote enriched-air diving; ' +
      'today it trains nitrox, technical, cave and rebreather divers.',
    country: 'United States',
    founded_year: 1985,
  },
];
