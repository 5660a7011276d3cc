export class SiteRatingResponseDto {
  id!: number;
  dive_site_id!: number;
  user_id!: number;
  score!: number;
  created_at!: Date;
}
