/** MediaType of the spec (spec/api.md §12), shared by site_media and dive_media. */
export const MEDIA_TYPES = ['photo', 'video', 'dive_plan', 'external_link'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];
