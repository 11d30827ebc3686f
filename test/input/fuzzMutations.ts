import type { SeededRandom } from '../support/seededRandom.js';

/** Text that is hostile to a database or a parser: NUL, lone surrogates, control and odd Unicode, SQL-ish and huge strings. */
export function hostileText(r: SeededRandom): string {
  switch (r.int(0, 9)) {
    case 0:
      return `a\u0000b`;
    case 1:
      return r.pick(['\ud800', '\udfff', 'x\udbff', '\udc00y', '\ud83d']);
    case 2:
      return '\u0000'.repeat(r.int(1, 5));
    case 3:
      return r.pick(["'; DROP TABLE applications; --", '%00', '\\u0000', '${x}', '{{x}}', '../../etc/passwd', '<script>x</script>']);
    case 4:
      return 'x'.repeat(r.pick([300, 5_000, 70_000]));
    case 5:
      return String.fromCharCode(...Array.from({ length: r.int(1, 20) }, () => r.int(0, 0xffff)));
    case 6:
      return r.pick(['\u202e', '\ufeff', '\uffff', '\ufffe', '\u2028', '😀', 'é', '\r\n', '\t']);
    case 7:
      return '';
    case 8:
      return ' '.repeat(r.int(1, 3));
    default:
      return r.bytes(r.int(1, 30)).toString('latin1');
  }
}

/** A value of a random JSON type (or a hostile string). */
export function wrongValue(r: SeededRandom): unknown {
  switch (r.int(0, 8)) {
    case 0:
      return null;
    case 1:
      return r.pick([0, -1, 1e308, -1e-308, 2 ** 53 + 1, 1.5, 99999999999]);
    case 2:
      return r.chance(0.5);
    case 3:
      return [];
    case 4:
      return {};
    case 5:
      return [hostileText(r)];
    case 6:
      return { [hostileText(r)]: hostileText(r) };
    default:
      return hostileText(r);
  }
}

/** Every path (as key lists) to a value inside a JSON document. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

/** A copy of `doc` with one to three values replaced by hostile text, a wrong type, deep nesting, or removed. */
export function mutateJson(r: SeededRandom, doc: unknown): unknown {
  const copy = structuredClone(doc);
  const all = paths(copy).filter((p) => p.length > 0);
  for (let n = r.int(1, 3); n > 0 && all.length; n--) {
    const path = r.pick(all);
    // An earlier mutation may have replaced or removed part of this path.
    let parent: unknown = copy;
    for (const key of path.slice(0, -1)) parent = typeof parent === 'object' && parent !== null ? (parent as Record<string | number, unknown>)[key] : undefined;
    if (typeof parent !== 'object' || parent === null) continue;
    const last = path[path.length - 1];
    const target = parent as Record<string | number, unknown>;
    const roll = r.int(0, 9);
    if (roll <= 3) target[last] = hostileText(r);
    else if (roll <= 6) target[last] = wrongValue(r);
    else if (roll === 7) target[last] = deepValue(r.pick([40, 500, 2_000])); // deeper ones are sent as text (bodyBytes), JSON.stringify would overflow here
    else if (roll === 8 && !Array.isArray(target)) delete target[last];
    else if (!Array.isArray(target)) target[hostileText(r)] = wrongValue(r);
  }
  return copy;
}

export function deepValue(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** Bytes of a request body: the JSON text, or it damaged (truncated, random bytes spliced in, a raw NUL), or something else entirely. */
export function bodyBytes(r: SeededRandom, doc: unknown): Buffer {
  const text = JSON.stringify(doc);
  switch (r.int(0, 11)) {
    case 0:
      return Buffer.from(text.slice(0, r.int(0, text.length)));
    case 1: {
      const at = r.int(0, text.length);
      return Buffer.concat([Buffer.from(text.slice(0, at)), r.bytes(r.int(1, 8)), Buffer.from(text.slice(at))]);
    }
    case 2:
      return r.bytes(r.int(0, 2_000));
    case 3:
      return Buffer.from(text.replace(/"([^"]*)"/, `"$1\u0000"`));
    case 4:
      return Buffer.from('['.repeat(20_000) + ']'.repeat(20_000));
    case 5:
      return Buffer.from(r.pick(['', 'null', '[]', '"x"', '1', 'true', '{', '}', '{"a":}', '\ufeff{}']));
    default:
      return Buffer.from(text);
  }
}

export const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/vnd.api+json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '*/*',
  'application/json; charset=nonsense',
];

/** A path segment or query value: mostly percent-encoded hostile text, sometimes a raw malformed escape. */
export function urlPiece(r: SeededRandom): string {
  switch (r.int(0, 5)) {
    case 0:
      return r.pick(['%00', 'a%00b', '%ED%A0%80', '%C0', '%E2%82', '%', '%zz', '%FF%FE', '%F0%9F%98']);
    case 1:
      return r.pick(['app_01ABC', '1', '-1', '99999999999999999999', '0', 'null', 'undefined', '..', '.', 'sub_x', 'raw-1']);
    default: {
      const text = hostileText(r).slice(0, 300);
      try {
        return encodeURIComponent(text);
      } catch {
        // A lone surrogate cannot be encoded by encodeURIComponent: send its UTF-8-ish bytes escaped by hand.
        return [...Buffer.from(text, 'latin1')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
      }
    }
  }
}
