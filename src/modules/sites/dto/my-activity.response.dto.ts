import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { queryNumber } from '../../../common/validation/query-transforms';

/** `GET /users/me/comments`: page ≥ 1; page_size 1–50 (any value in range: no whitelist), default 15. */
export class MyCommentsQueryDto {
  /** 1-based page number */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  page?: number = 1;

  /** 1–50, default 15 */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(50)
  page_size?: number = 15;
}

/** `GET /users/me/ratings`: page ≥ 1; page_size 1–100 (any value in range: no whitelist), default 20. */
export class MyRatingsQueryDto {
  /** 1-based page number */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  page?: number = 1;

  /** 1–100, default 20 */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(100)
  page_size?: number = 20;
}

/** The site a comment or rating belongs to (archived ones included: deleted_at says so). */
export class ActivityDiveSiteDto {
  id!: number;
  name!: string;
  country?: string | null;
  region?: string | null;
  /** Set when the site has been archived */
  deleted_at?: Date | null;
}

export class MyCommentResponseDto {
  id!: number;
  dive_site_id!: number;
  user_id!: number;
  username!: string;
  comment_text!: string;
  created_at!: Date;
  updated_at!: Date;
  dive_site!: ActivityDiveSiteDto;
}

export class MyRatingResponseDto {
  id!: number;
  dive_site_id!: number;
  user_id!: number;
  score!: number;
  created_at!: Date;
  updated_at!: Date;
  dive_site!: ActivityDiveSiteDto;
}

/** Envelope A (null fields left out: D22). */
export class MyCommentListResponseDto {
  items!: MyCommentResponseDto[];
  total!: number;
  page!: number;
  page_size!: number;
  total_pages!: number;
  has_next_page!: boolean;
  has_prev_page!: boolean;
}

/** Envelope A (null fields left out: D22). */
export class MyRatingListResponseDto {
  items!: MyRatingResponseDto[];
  total!: number;
  page!: number;
  page_size!: number;
  total_pages!: number;
  has_next_page!: boolean;
  has_prev_page!: boolean;
}
