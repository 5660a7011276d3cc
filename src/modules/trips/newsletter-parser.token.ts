/** The injection token of the NewsletterParser (parser/newsletter-parser.ts) the trips module uses. */
export const NEWSLETTER_PARSER = Symbol('NEWSLETTER_PARSER');
