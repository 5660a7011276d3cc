import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { QueryBoolean } from '../../../common/validation/query-boolean';
import { queryLongitude, queryNumber, trimString } from '../../../common/validation/query-transforms';

/** `DELETE /dive-sites/{id}` */
export class DeleteDiveSiteQueryDto {
  /** true (admins only): delete the site and what cascades with it; default false: archive */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  force?: boolean = false;
}

/** `GET /dive-sites/{id}/nearby` */
export class NearbyDiveSitesQueryDto {
  /** 1–50, default 10 */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number = 10;
}

/** `GET /dive-sites/check-proximity` */
export class CheckProximityQueryDto {
  /** Latitude of the point, -90 to 90 */
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat!: number;

  /** Longitude of the point, -180 to 180 */
  @Transform(queryLongitude)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng!: number;

  /** Search radius in metres, 10–5000, default 50 */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(10)
  @Max(5000)
  radius_m?: number = 50;
}

/** `GET /dive-sites/countries` */
export class CountriesQueryDto {
  /** Part of the country name (case-insensitive) */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  search?: string;
}

/** `GET /dive-sites/regions` */
export class RegionsQueryDto {
  /** Only regions of this country (exact, case-insensitive) */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  country?: string;

  /** Part of the region name (case-insensitive) */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  search?: string;
}
