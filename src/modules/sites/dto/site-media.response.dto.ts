/**
 * One item of a site's media list: the site's own media (dive_id null) and, once the dives module
 * contributes them, media of dives at the site (D26).
 */
export class SiteMediaResponseDto {
  id!: number;
  dive_site_id!: number;
  /** photo or video for site media; dive media may also be dive_plan or external_link */
  media_type!: string;
  url!: string;
  description!: string | null;
  created_at!: Date;
  /** The dive this media belongs to; null for the site's own media */
  dive_id!: number | null;
  /** Who added it (null once that user is deleted) */
  user_id!: number | null;
  user_username!: string | null;
  thumbnail_url!: string | null;
  medium_url!: string | null;
  /** Where to download the file: the URL itself (media are links) */
  download_url!: string | null;
}
