import { ApiHideProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  Allow,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { BUDDY_VISIBILITIES, type BuddyVisibility } from '../entities/user.entity';
import { PlainText } from '../../../common/text/plain-text';
import { trim, USERNAME_PATTERN, USERNAME_PATTERN_MESSAGE } from './user-fields';

/** Absent means "leave as is"; null is refused (422) for fields that cannot be empty. */
const present = (_: object, value: unknown): boolean => value !== undefined;

/**
 * `PUT /users/me` (DECISIONS.md D16): every field optional. The e-mail cannot be changed here (an
 * `email` field is dropped); a `password` field is refused with 400 (use change-password).
 */
export class UpdateMeDto {
  /** 3–50 letters, digits or underscores; reserved names are refused */
  @ValidateIf(present)
  @Transform(trim)
  @IsString()
  @Length(3, 50)
  @Matches(USERNAME_PATTERN, { message: USERNAME_PATTERN_MESSAGE })
  username?: string;

  /** Display name, 1–255 characters; null clears it */
  @IsOptional()
  @PlainText()
  @IsString()
  @Length(1, 255)
  name?: string | null;

  /** How many dives the user declares */
  @ValidateIf(present)
  @IsInt()
  @Min(0)
  @Max(2147483647)
  number_of_dives?: number;

  /** Free text, at most 100 characters; null or "" clears it */
  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(100)
  diving_certification?: string | null;

  /** Whether other users can find you as a dive buddy */
  @ValidateIf(present)
  @IsIn(BUDDY_VISIBILITIES)
  buddy_visibility?: BuddyVisibility;

  /** Kept through the whitelist only to be refused: passwords change through /users/me/change-password. */
  @ApiHideProperty()
  @Allow()
  password?: unknown;
}
