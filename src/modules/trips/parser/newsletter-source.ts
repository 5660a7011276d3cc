import type { AddressObject } from 'mailparser';

/**
 * What the parser reads from an upload: the body text and, for a raw e-mail, its subject, sender
 * names and date. MIME is the `mailparser` library's job (headers, encoded words, quoted-printable,
 * base64, charsets such as ISO-8859-7, multipart): nothing here decodes by hand.
 */
export interface NewsletterSource {
  isEmail: boolean;
  subject: string | null;
  /** Display names of From, then Reply-To (e-mails only). */
  senderNames: string[];
  /** The text body: mailparser's text of the inline text/plain part(s), or of the HTML when there is no text part. */
  text: string;
  /** `YYYY-MM-DD`: the Date header's own calendar day, else the upload day (UTC). */
  referenceDate: string;
}

const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]*:[ \t]?/;
const CONTINUATION = /^[ \t]+\S/;
const EMAIL_HEADERS = /^(?:from|subject|delivered-to|received|return-path|mime-version|message-id|date):/i;

/**
 * Whether the text is a raw e-mail: it opens with a header block (every line a `Name: value` header or
 * a folded continuation, up to the first empty line) that has at least one of the usual e-mail headers.
 * A newsletter pasted as text that merely quotes "From:" in its body is not an e-mail.
 */
export function looksLikeEmail(content: string): boolean {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  let headers = 0;
  let known = false;
  for (const line of lines) {
    if (line.trim() === '') break;
    if (HEADER_LINE.test(line)) {
      headers++;
      known ||= EMAIL_HEADERS.test(line);
    } else if (!(headers > 0 && CONTINUATION.test(line))) {
      return false;
    }
  }
  return headers >= 2 && known;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The sender's calendar day of a Date header ("Mon, 14 Dec 2026 00:30:00 +0200" is the 14th, although
 * it is still the 13th in UTC): the date plus the header's own offset.
 */
export function localDayOfDateHeader(raw: string, parsed: Date): string {
  const offset = /([+-])(\d{2})(\d{2})\s*(?:\([^)]*\))?\s*$/.exec(raw.trim());
  if (!offset) return isoDay(parsed);
  const minutes = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
  return isoDay(new Date(parsed.getTime() + minutes * 60_000));
}

function displayNames(address: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(address) ? address : address ? [address] : [];
  return list.flatMap((a) => a.value.map((v) => v.name.trim())).filter((name) => name.length > 0);
}

export async function readNewsletterSource(content: string, receivedAt: Date): Promise<NewsletterSource> {
  const uploadDay = isoDay(receivedAt);
  if (!looksLikeEmail(content)) {
    return { isEmail: false, subject: null, senderNames: [], text: content, referenceDate: uploadDay };
  }
  // Loaded on the first e-mail upload, not at start-up (it is a tenth of the service's cold start).
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(Buffer.from(content.replace(/^\uFEFF/, ''), 'utf8'), {
    skipTextToHtml: true,
    skipImageLinks: true,
    skipTextLinks: true,
  });
  const dateLine = mail.headerLines.find((h) => h.key === 'date')?.line.replace(/^date:\s*/i, '');
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : undefined;
  return {
    isEmail: true,
    subject: mail.subject?.trim() || null,
    senderNames: [...displayNames(mail.from), ...displayNames(mail.replyTo)],
    text: mail.text ?? '',
    referenceDate: date ? localDayOfDateHeader(dateLine ?? '', date) : uploadDay,
  };
}
