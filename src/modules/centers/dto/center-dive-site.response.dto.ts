export class CenterDiveSiteLinkResponseDto {
  id!: number;
  dive_site_id!: number;
  diving_center_id!: number;
  dive_cost!: number | null;
  currency!: string;
  created_at!: Date;
}

/** A center of a dive site, with what a dive there costs. */
export class SiteDivingCenterResponseDto {
  id!: number;
  name!: string;
  description!: string | null;
  email!: string | null;
  phone!: string | null;
  website!: string | null;
  latitude!: number | null;
  longitude!: number | null;
  dive_cost!: number | null;
  currency!: string;
}

/** A dive site of a center, with what a dive there costs. */
export class CenterDiveSiteResponseDto {
  id!: number;
  name!: string;
  description!: string | null;
  latitude!: number | null;
  longitude!: number | null;
  country!: string | null;
  region!: string | null;
  dive_cost!: number | null;
  currency!: string;
}
