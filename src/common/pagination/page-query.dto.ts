import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE } from './pagination';

/**
 * `page` and `page_size` of a paginated list. Types and `page ≥ 1` are DTO checks (422); whether
 * `page_size` is one of the allowed sizes is the contract's 400, checked by toPageRequest().
 */
export class PageQueryDto {
  /** 1-based page number */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  page?: number = 1;

  /** One of 1, 3, 5, 10, 15, 20, 25, 50, 100, 250, 1000 (else 400) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  page_size?: number = DEFAULT_PAGE_SIZE;
}

/** A paginated list that can also be sorted; each endpoint documents and checks its own fields. */
export class SortedPageQueryDto extends PageQueryDto {
  /** The field to sort by (the endpoint lists the allowed ones; else 400) */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  sort_by?: string;

  /** asc or desc (else 400) */
  @IsOptional()
  @IsString()
  @MaxLength(10)
  sort_order?: string;
}
