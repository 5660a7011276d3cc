import { IsInt, Max, Min } from 'class-validator';

/** `POST /dives/{id}/tags`: the tag to put on the dive. */
export class AddDiveTagDto {
  @IsInt()
  @Min(1)
  @Max(2147483647)
  tag_id!: number;
}
