import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';

export class CreateTagDto {
  /** 1–50 characters, unique (case-insensitive) */
  @PlainText()
  @IsString()
  @Length(1, 50)
  name!: string;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

export class UpdateTagDto {
  @IsOptional()
  @PlainText()
  @IsString()
  @Length(1, 50)
  name?: string;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

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
