/**
 * Characters a PostgreSQL text or jsonb value cannot hold as sent: NUL (refused by the server) and a UTF-16
 * surrogate without its pair (the driver's UTF-8 encoding turns it into U+FFFD, so what is stored is not what was
 * sent). Requests are refused when they hold one (server/validation.ts); the audit chain stores and hashes U+FFFD.
 */
// eslint-disable-next-line no-control-regex -- NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

export function hasUnstorableChar(s: string): boolean {
  return UNSTORABLE.test(s);
}

/** `s` as it can be stored: each NUL and lone surrogate replaced by U+FFFD. */
export function storableText(s: string): string {
  return UNSTORABLE.test(s) ? s.replace(UNSTORABLE_ALL, '\uFFFD') : s;
}
