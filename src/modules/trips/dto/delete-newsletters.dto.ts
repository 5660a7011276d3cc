import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, Max, Min } from 'class-validator';

const MAX_ID = 2147483647;

/** `DELETE /newsletters/` with a body. */
export class DeleteNewslettersDto {
  /** 1–100 newsletter ids; their trips are deleted with them */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_ID, { each: true })
  newsletter_ids!: number[];
}
