import { seededRandom } from './seededRandom.js';

/** One fuzzed body and how to name it in evidence. */
export interface FuzzCase {
  /** `seed 1234 case 17 (truncated fixture 2)`. */
  label: string;
  body: Buffer;
}

const NASTY = ['', '{', '[]', 'null', '"\\u0000"', '{"a":'.repeat(200), '\u0000\u0000', '\ufeff{}', '\ud800', '9'.repeat(400), '{"__proto__":{"x":1}}', '<html>oops</html>'];

/**
 * Byte sequences for the "never throws on any byte sequence" rules: fixed
 * nasty inputs, then, from a seeded generator, random bytes and each sample
 * truncated, with bytes flipped, spliced or with values replaced by other JSON
 * types. Same seed, same cases.
 */
export function fuzzBodies(samples: readonly Buffer[], seed: number, count: number): FuzzCase[] {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const cases: FuzzCase[] = NASTY.map((text, i) => ({ label: `fixed input ${i}`, body: Buffer.from(text, 'utf8') }));
  cases.push({ label: 'lone 0xff bytes', body: Buffer.from([0xff, 0xfe, 0xfd, 0xc0, 0x80]) });
  const jsonValues = ['null', 'true', '0', '-1e999', '""', '[]', '{}', '"x"', '[null]', '1.5', '"Declined"'];
  for (let i = 0; i < count; i++) {
    const sampleIndex = samples.length ? pick(samples.length) : -1;
    const sample = sampleIndex >= 0 ? samples[sampleIndex] : Buffer.alloc(0);
    const mode = sample.length ? pick(5) : 0;
    let body: Buffer;
    let how: string;
    if (mode === 0) {
      body = Buffer.from(Array.from({ length: pick(512) }, () => pick(256)));
      how = 'random bytes';
    } else if (mode === 1) {
      body = sample.subarray(0, pick(sample.length));
      how = `fixture ${sampleIndex} truncated`;
    } else if (mode === 2) {
      body = Buffer.from(sample);
      for (let f = 1 + pick(8); f > 0; f--) body[pick(body.length)] = pick(256);
      how = `fixture ${sampleIndex} with bytes flipped`;
    } else if (mode === 3) {
      const text = sample.toString('utf8');
      // Every JSON scalar value replaced by another type, in one go (strings, numbers, booleans, null).
      body = Buffer.from(text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/g, (token) => (random() < 0.5 ? token : jsonValues[pick(jsonValues.length)])), 'utf8');
      how = `fixture ${sampleIndex} with values of other types`;
    } else {
      const other = samples[pick(samples.length)];
      body = Buffer.concat([sample.subarray(0, pick(sample.length)), other.subarray(pick(other.length))]);
      how = `fixture ${sampleIndex} spliced with another`;
    }
    cases.push({ label: `seed ${seed} case ${i} (${how})`, body });
  }
  return cases;
}
