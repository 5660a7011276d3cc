import { Transform } from 'class-transformer';
import { decodeHTML } from 'entities';
import type SanitizeHtml from 'sanitize-html';

/** sanitize-html (and its parser) loads on the first text it cleans, not at start-up (~50-85 ms of the cold start). */
let sanitizer: typeof SanitizeHtml | undefined;
function sanitizeHtml(...args: Parameters<typeof SanitizeHtml>): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sanitizer ??= require('sanitize-html') as typeof SanitizeHtml;
  return sanitizer(...args);
}

/**
 * Free text is stored as plain text (DECISIONS.md D23): every tag is removed by sanitize-html
 * (script/style contents included), then entities are decoded, so "Blue &amp; Hole" is stored as
 * "Blue & Hole" and a client rendering it must escape it, as for any text.
 */
export function toPlainText(value: string): string {
  const stripped = sanitizeHtml(value, {
    allowedTags: [],
    allowedAttributes: {},
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object'],
  });
  return decodeHTML(stripped).trim();
}

/** DTO property decorator: strings become plain text (tags stripped, entities decoded, trimmed). */
export const PlainText = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? toPlainText(value) : value));
