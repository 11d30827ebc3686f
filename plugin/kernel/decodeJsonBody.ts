export type DecodedBody = { ok: true; value: unknown; text: string } | { ok: false; reason: string; text?: string };

/** Deepest nesting a callback body may have; real payloads stay under 10. */
export const DEFAULT_MAX_JSON_DEPTH = 32;

function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91 /* { [ */) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93 /* } ] */) depth--;
  }
  return max;
}

/**
 * Decodes a callback body defensively for adapters: empty bodies, bytes that
 * are not UTF-8 and absurdly deep nesting are reported (never thrown), and a
 * body that is not valid JSON still comes back as text for partial extraction.
 */
export function decodeJsonBody(body: Buffer, maxDepth = DEFAULT_MAX_JSON_DEPTH): DecodedBody {
  if (body.length === 0) return { ok: false, reason: 'empty body' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { ok: false, reason: 'body is not valid UTF-8' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) return { ok: false, reason: 'empty body', text };
  if (nestingDepth(text) > maxDepth) return { ok: false, reason: `JSON nested deeper than ${maxDepth} levels`, text };
  try {
    return { ok: true, value: JSON.parse(text), text };
  } catch (err) {
    return { ok: false, reason: `not valid JSON (${err instanceof Error ? err.message : 'parse error'})`.slice(0, 300), text };
  }
}
