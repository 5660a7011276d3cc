export class TagResponseDto {
  id!: number;
  name!: string;
  description!: string | null;
  /** Id of the user who created the tag */
  created_by!: number | null;
  created_at!: Date;
}

export class TagWithCountsResponseDto extends TagResponseDto {
  /** Dive sites (not archived) carrying the tag */
  dive_site_count!: number;
  /** Public dives carrying the tag */
  dive_count!: number;
}
