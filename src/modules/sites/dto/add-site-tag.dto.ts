import { IsInt, Max, Min } from 'class-validator';

/** `POST /tags/dive-sites/{site_id}/tags` */
export class AddSiteTagDto {
  /** Id of an existing tag */
  @IsInt()
  @Min(1)
  @Max(2147483647)
  tag_id!: number;
}
