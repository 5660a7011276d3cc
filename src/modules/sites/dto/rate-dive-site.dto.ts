import { IsInt, Max, Min } from 'class-validator';

/**
 * `POST /dive-sites/{id}/rate`. The column is an int 1–10: only integers are accepted (7.5 → 422),
 * where the original silently truncated floats.
 */
export class RateDiveSiteDto {
  /** An integer from 1 to 10 */
  @IsInt()
  @Min(1)
  @Max(10)
  score!: number;
}
