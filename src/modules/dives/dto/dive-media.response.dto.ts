/** One media item of a dive. */
export class DiveMediaResponseDto {
  id!: number;
  dive_id!: number;
  /** photo, video, dive_plan or external_link */
  media_type!: string;
  url!: string;
  description!: string | null;
  title!: string | null;
  thumbnail_url!: string | null;
  medium_url!: string | null;
  /** Where to download the file: the URL itself (media are links) */
  download_url!: string;
  created_at!: Date;
}
