/**
 * PostgreSQL refuses two things a JavaScript string can hold: the NUL character
 * (text and jsonb cannot contain it) and UTF-16 surrogates that are not part of
 * a pair (they have no UTF-8 form; jsonb refuses the `\ud800` escape outright).
 * Every input path checks text with these before it can reach a query.
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/** Why `text` cannot be stored, or null when it can. */
export function unstorableReason(text: string): string | null {
  const match = UNSTORABLE.exec(text);
  if (!match) return null;
  return match[0] === '\u0000' ? 'must not contain NUL characters (\\u0000)' : 'must not contain unpaired UTF-16 surrogates (e.g. \\ud800)';
}

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/**
 * The text with what Postgres cannot store removed: NULs dropped, lone
 * surrogates replaced by U+FFFD (what a UTF-8 decoder shows for them).
 */
export function storableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE_ALL, (m) => (m === '\u0000' ? '' : '\ufffd')) : text;
}
