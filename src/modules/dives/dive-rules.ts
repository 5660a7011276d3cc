import { BadRequestException, ForbiddenException } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { RequestValidationException } from '../../common/pipes/api-validation.pipe';
import type { DiveVisibility } from './dives.repository';

export const DIVE_NOT_FOUND = 'Dive not found';
export const DIVE_IS_PRIVATE = 'This dive is private';
export const INVALID_MEDIA_URL = 'Invalid media URL';
export const MEDIA_NOT_FOUND = 'Media not found';
export const TAG_ALREADY_ON_DIVE = 'Tag already added to this dive';
export const TAG_NOT_ON_DIVE = 'Tag not found on this dive';
export const MY_DIVES_NEEDS_AUTH = 'Authentication required to filter by my_dives';
export const TOO_MANY_TAG_FILTERS = 'Too many tag filters';
export const MAX_TAG_FILTERS = 20;
export const NOT_AUTHORIZED_VISITED_SITES = "You are not authorized to view this user's visited sites list";

/**
 * Which dives a caller sees outside the admin endpoints (spec/api.md "Our rules" 7): anonymous
 * callers public dives only; anyone signed in — admins and moderators included — public dives and
 * their own. Admins see others' private dives only through `/dives/admin/dives`.
 */
export function visibilityFor(caller: AuthenticatedUser | undefined): DiveVisibility {
  return caller ? { kind: 'publicOrOwn', userId: caller.id } : { kind: 'public' };
}

/** 403 "This dive is private" unless the dive is public or the caller owns it. */
export function assertCanRead(
  dive: { is_private: number | boolean; user_id: number },
  caller: AuthenticatedUser | undefined,
): void {
  if (Boolean(Number(dive.is_private)) && dive.user_id !== caller?.id) {
    throw new ForbiddenException(DIVE_IS_PRIVATE);
  }
}

/** 422 naming average_depth when it is deeper than max_depth (both known). */
export function assertDepths(
  maxDepth: number | null | undefined,
  averageDepth: number | null | undefined,
): void {
  if (maxDepth === null || maxDepth === undefined || averageDepth === null || averageDepth === undefined)
    return;
  if (averageDepth > maxDepth) {
    throw new RequestValidationException([
      {
        loc: ['body', 'average_depth'],
        msg: 'average_depth must not be greater than max_depth',
        type: 'value_error',
      },
    ]);
  }
}

/** Whether `value` is an absolute http:// or https:// URL with a host. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** 400 "Invalid media URL" unless every given URL of a media item is absolute http(s). */
export function assertMediaUrls(media: {
  url: string;
  thumbnail_url?: string | null;
  medium_url?: string | null;
}): void {
  for (const url of [media.url, media.thumbnail_url, media.medium_url]) {
    if (url !== undefined && url !== null && !isHttpUrl(url))
      throw new BadRequestException(INVALID_MEDIA_URL);
  }
}
