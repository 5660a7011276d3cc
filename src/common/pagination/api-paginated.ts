import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse } from '@nestjs/swagger';
import { PAGE_SIZE_ERROR, PAGINATION_HEADERS } from './pagination';

const integer = { type: 'integer' };
const flag = { type: 'string', enum: ['true', 'false'] };

/** Documents a header-style page: a bare array of `type` and the X-* pagination headers. */
export const ApiHeaderPaginatedResponse = (type: Type<unknown>) =>
  applyDecorators(
    ApiOkResponse({
      type,
      isArray: true,
      headers: {
        [PAGINATION_HEADERS.total]: { description: 'Items in the whole list', schema: integer },
        [PAGINATION_HEADERS.totalPages]: { description: 'ceil(total / page_size)', schema: integer },
        [PAGINATION_HEADERS.page]: { description: 'This page (1-based)', schema: integer },
        [PAGINATION_HEADERS.pageSize]: { description: 'Items per page', schema: integer },
        [PAGINATION_HEADERS.hasNext]: { description: 'Whether a next page exists', schema: flag },
        [PAGINATION_HEADERS.hasPrev]: { description: 'Whether a previous page exists', schema: flag },
      },
    }),
    ApiBadRequestResponse({
      description: `${PAGE_SIZE_ERROR}; invalid sort_by or sort_order`,
    }),
  );
