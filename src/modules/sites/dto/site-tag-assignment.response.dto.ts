/** A tag's assignment to a site. */
export class SiteTagAssignmentResponseDto {
  id!: number;
  dive_site_id!: number;
  tag_id!: number;
  created_at!: Date;
}
