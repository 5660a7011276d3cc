import { Transform } from 'class-transformer';
import { decodeHTML } from 'entities';
import sanitizeHtml from 'sanitize-html';

/**
 * sanitize-html is pinned to 2.17.5: later releases need htmlparser2 12, which is ES-module only and
 * cannot be loaded by Jest on Node 20 (the same reason as DECISIONS.md D1).
 *
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
