import { IsInt, Max, Min } from 'class-validator';

/** `POST /diving-centers/{id}/rate`: one score per user, replaced on a second rating. */
export class RateDivingCenterDto {
  /** 1–10 */
  @IsInt()
  @Min(1)
  @Max(10)
  score!: number;
}
