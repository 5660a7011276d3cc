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
