import { Transform } from 'class-transformer';
import { decodeHTML } from 'entities';
import sanitizeHtml from 'sanitize-html';

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
