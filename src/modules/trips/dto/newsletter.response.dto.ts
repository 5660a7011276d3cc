export class NewsletterResponseDto {
  id!: number;
  content!: string;
  received_at!: Date;
  trips_count!: number;
}

/** What upload, parse-text and reparse answer. */
export class NewsletterParseResponseDto {
  newsletter_id!: number;
  trips_created!: number;
  /** Reparse only: the trips that were replaced */
  trips_deleted?: number;
  message!: string;
}

export class DeleteNewslettersResponseDto {
  deleted_count!: number;
  deleted_trips_count!: number;
  message!: string;
}
