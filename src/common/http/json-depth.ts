import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * The deepest JSON body accepted (objects and arrays; the top level counts as 1). No request of the
 * API nests beyond 4 levels; a deeper body is refused with 400 before validation, whose recursive
 * walk a body nested thousands of levels deep would overflow (a 500 before this limit).
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests objects/arrays deeper than `max` levels (iterative: no recursion to overflow). */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Middleware after the JSON parser: 400 naming the limit when the parsed body nests too deep. */
export function jsonDepthLimit(max = MAX_JSON_DEPTH) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (jsonDepthExceeds(req.body, max)) {
      next(new BadRequestException(`Request body nests deeper than ${max} levels`));
      return;
    }
    next();
  };
}
