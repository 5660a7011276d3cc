import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from './newsletter-corpus';
import { localDayOfDateHeader, looksLikeEmail, readNewsletterSource } from './newsletter-source';

const fixture = (name: string) => readFileSync(join(CORPUS_DIR, name), 'utf8');
const uploaded = new Date('2027-06-01T10:00:00Z');

describe('newsletter source', () => {
  it('tells a raw e-mail from text that quotes headers', () => {
    expect(looksLikeEmail(fixture('02-aegean-divers-holidays-email.txt'))).toBe(true);
    expect(looksLikeEmail('From: Kea Divers <a@b.c>\r\nSubject: Trips\r\n\r\nBody')).toBe(true);
    expect(looksLikeEmail('Καλημέρα!\nFrom: someone\nSubject: x')).toBe(false);
    expect(looksLikeEmail('Requirements: AOWD\n\nSat 12 Mar')).toBe(false);
  });

  it('decodes quoted-printable UTF-8 and an encoded-word subject; the Date header is the reference', async () => {
    const source = await readNewsletterSource(fixture('02-aegean-divers-holidays-email.txt'), uploaded);
    expect(source).toMatchObject({
      isEmail: true,
      subject: 'Χριστουγεννιάτικες βουτιές & Πρωτοχρονιά στο νερό',
      senderNames: ['Aegean Divers'],
      referenceDate: '2026-12-14',
    });
    expect(source.text).toContain('Σάββατο 19 Δεκεμβρίου – Λαγονήσι');
  });

  it('decodes ISO-8859-7, base64 and multipart (the text part, not the HTML or the attachment)', async () => {
    const greek = await readNewsletterSource(fixture('10-poseidon-forwarded-iso-8859-7-email.txt'), uploaded);
    expect(greek.subject).toBe('Fwd: Poseidon Dive Club - Πρωτομαγιά στον Κελύφο');
    expect(greek.text).toContain('Κυριακή 2 Μαΐου');
    const outlook = await readNewsletterSource(fixture('12-blue-planet-elephant-cave-email.txt'), uploaded);
    expect(outlook.senderNames).toEqual(['Blue Planet Diving Center', 'Blue Planet Diving']);
    expect(outlook.text).toContain('1η βουτιά: Σπήλαιο των Ελεφάντων');
    expect(outlook.text).not.toContain('<p>');
    const mixed = await readNewsletterSource(fixture('08-deep-blue-rhodes-cruise-email.txt'), uploaded);
    expect(mixed.text).toContain('Tuesday 18.5.2027 – Kallithea Springs');
    expect(mixed.text).not.toContain('%PDF');
  });

  it('takes the text of the HTML when there is no text part', async () => {
    const html = [
      'From: Kea Divers <k@kea.gr>',
      'Subject: June',
      'Date: Tue, 1 Jun 2027 10:00:00 +0300',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><body><p>Sat 5 June &ndash; <b>Patris</b> double dive, 95&euro;</p></body></html>',
    ].join('\r\n');
    expect((await readNewsletterSource(html, uploaded)).text).toContain(
      'Sat 5 June – Patris double dive, 95€',
    );
  });

  it('uses the upload day for plain text and for e-mails without a Date header', async () => {
    expect((await readNewsletterSource('Sat 12 Mar: Fleves', uploaded)).referenceDate).toBe('2027-06-01');
    const noDate = await readNewsletterSource('From: A <a@b.c>\nSubject: x\n\nbody', uploaded);
    expect(noDate.referenceDate).toBe('2027-06-01');
  });

  it('takes the sender’s own calendar day from the Date header', () => {
    const raw = 'Mon, 14 Dec 2026 00:30:00 +0200';
    expect(localDayOfDateHeader(raw, new Date('2026-12-13T22:30:00Z'))).toBe('2026-12-14');
    expect(
      localDayOfDateHeader('Sun, 13 Dec 2026 20:00:00 -0500 (EST)', new Date('2026-12-14T01:00:00Z')),
    ).toBe('2026-12-13');
  });
});
