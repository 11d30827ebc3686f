/**
 * The longest prefix of `text` whose UTF-8 form fits in `maxBytes`, cut between
 * characters: a multi-byte sequence (and so a surrogate pair, which is one
 * 4-byte sequence) is kept whole or left out. `text` must be storable (no lone
 * surrogates), as storableText leaves it.
 */
export function utf8Prefix(text: string, maxBytes: number): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short texts need no encoding.
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Back off over continuation bytes (10xxxxxx) to the start of the sequence the limit cuts.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
