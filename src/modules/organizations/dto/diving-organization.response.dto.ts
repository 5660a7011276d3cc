/** What other resources show of an organization (certifications, center links). */
export class DivingOrganizationSummaryDto {
  id!: number;
  name!: string;
  acronym!: string;
  website!: string | null;
  logo_url!: string | null;
}

export class DivingOrganizationResponseDto {
  id!: number;
  name!: string;
  acronym!: string;
  website!: string | null;
  logo_url!: string | null;
  description!: string | null;
  country!: string | null;
  founded_year!: number | null;
  view_count!: number;
  created_at!: Date;
  updated_at!: Date;
  /** Certification levels are not stored yet (spec/api.md "Our rules" 12): always empty */
  certification_levels!: unknown[];
}
