import { OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsNumber, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';
import { normalizeLongitude } from '../../../common/validation/query-transforms';
import { CreateDiveSiteDto } from './create-dive-site.dto';

/**
 * `PUT /dive-sites/{id}`: any subset of the create fields. Absent fields stay; null clears a field,
 * except name and the coordinates, which cannot be emptied (422). `moderation_needed` is create-only.
 */
export class UpdateDiveSiteDto extends PartialType(
  OmitType(CreateDiveSiteDto, ['name', 'latitude', 'longitude', 'moderation_needed'] as const),
) {
  /** 1–200 characters */
  @ValidateIf((o: UpdateDiveSiteDto) => o.name !== undefined)
  @PlainText()
  @IsString()
  @Length(1, 200)
  name?: string;

  /** -90 to 90; cannot be emptied */
  @ValidateIf((o: UpdateDiveSiteDto) => o.latitude !== undefined)
  @IsDefined({ message: 'Latitude cannot be empty' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude?: number;

  /** -180 to 180 (-180 is stored as 180); cannot be emptied */
  @ValidateIf((o: UpdateDiveSiteDto) => o.longitude !== undefined)
  @IsDefined({ message: 'Longitude cannot be empty' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  @Transform(normalizeLongitude)
  longitude?: number;
}
