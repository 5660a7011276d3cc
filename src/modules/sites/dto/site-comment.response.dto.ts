export class SiteCommentResponseDto {
  id!: number;
  dive_site_id!: number;
  user_id!: number;
  username!: string;
  comment_text!: string;
  created_at!: Date;
  updated_at!: Date;
  /** "<ACRONYM> <level>" of the author's first active certification, or null */
  user_diving_certification!: string | null;
  user_number_of_dives!: number;
}
