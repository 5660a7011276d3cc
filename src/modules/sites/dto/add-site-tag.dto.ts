import { IsInt, Max, Min } from 'class-validator';

/** `POST /tags/dive-sites/{site_id}/tags` */
export class AddSiteTagDto {
  /** Id of an existing tag */
  @IsInt()
  @Min(1)
  @Max(2147483647)
  tag_id!: number;
}

/** A tag's assignment to a site. */
export class SiteTagAssignmentResponseDto {
  id!: number;
  dive_site_id!: number;
  tag_id!: number;
  created_at!: Date;
}
