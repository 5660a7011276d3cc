import { Transform } from 'class-transformer';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import { queryNumber } from '../validation/query-transforms';

/**
 * The bounding-box parameters of the list endpoints (sites, centers, dives): all four or none
 * (resolveBoundingBox answers 422 for a partial box and 400 for north <= south).
 */
export class BoundingBoxQueryDto {
  /** Bounding box: northern latitude (with south, east and west) */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  north?: number;

  /** Bounding box: southern latitude */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  south?: number;

  /** Bounding box: eastern longitude (west > east: the box crosses ±180) */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  east?: number;

  /** Bounding box: western longitude */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  west?: number;
}
