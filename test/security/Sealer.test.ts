import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Sealer, SealError } from '../../plugin/security/Sealer.js';
import { createSealer } from '../../plugin/security/createSealer.js';
import { SecretResolver } from '../../plugin/manifest/SecretResolver.js';
import { parseManifest } from '../../plugin/index.js';
import { testManifest } from '../support/testManifest.js';

const keyA = randomBytes(32);
const keyB = randomBytes(32);

describe('Sealer (AES-256-GCM at rest)', () => {
  it('round-trips text and bytes, with a fresh IV per blob', () => {
    const sealer = new Sealer({ a: keyA.toString('base64') }, 'a');
    const one = sealer.seal('123-45-6789');
    const two = sealer.seal('123-45-6789');
    expect(sealer.openString(one)).to.equal('123-45-6789');
    expect(one.equals(two)).to.equal(false);
    expect(one.includes(Buffer.from('123-45-6789'))).to.equal(false);
    const bytes = randomBytes(100);
    expect(sealer.open(sealer.seal(bytes)).equals(bytes)).to.equal(true);
  });

  it('accepts hex and base64 (standard or URL-safe) for the same key material', () => {
    const hex = new Sealer({ k: keyA.toString('hex') }, 'k');
    const b64 = new Sealer({ k: keyA.toString('base64') }, 'k');
    const b64url = new Sealer({ k: keyA.toString('base64url') }, 'k');
    expect(b64.openString(hex.seal('same key'))).to.equal('same key');
    expect(hex.openString(b64url.seal('same key'))).to.equal('same key');
  });

  it('keeps opening old blobs after the active key rotates, and seals new ones with the new key', () => {
    const before = new Sealer({ 'k-2025': keyA.toString('hex') }, 'k-2025');
    const oldBlob = before.seal('1988-04-12');
    const after = new Sealer({ 'k-2025': keyA.toString('hex'), 'k-2026': keyB.toString('base64') }, 'k-2026');
    expect(after.openString(oldBlob)).to.equal('1988-04-12');
    expect(after.keyIdOf(oldBlob)).to.equal('k-2025');
    expect(after.needsReseal(oldBlob)).to.equal(true);
    const newBlob = after.seal('1988-04-12');
    expect(after.keyIdOf(newBlob)).to.equal('k-2026');
    expect(() => before.open(newBlob)).to.throw(SealError, /k-2026/);
  });

  it('detects tampering with the ciphertext or the key id', () => {
    const sealer = new Sealer({ a: keyA.toString('hex'), b: keyB.toString('hex') }, 'a');
    const blob = sealer.seal('secret income 6800');
    const flipped = Buffer.from(blob);
    flipped[flipped.length - 1] ^= 1;
    expect(() => sealer.open(flipped)).to.throw(SealError, /authentication/);
    const relabelled = Buffer.from(blob);
    relabelled[2] = 'b'.charCodeAt(0);
    expect(() => sealer.open(relabelled)).to.throw(SealError);
    expect(() => sealer.open(Buffer.from([9, 9, 9]))).to.throw(SealError);
  });

  it('refuses malformed keys and an active key id that is not configured', () => {
    expect(() => new Sealer({ a: 'c2hvcnQ=' }, 'a')).to.throw(/32 bytes/);
    expect(() => new Sealer({ a: keyA.toString('hex') }, 'b')).to.throw(/activeKeyId "b"/);
    expect(() => new Sealer({}, undefined).seal('x')).to.throw(/no security.encryption/);
  });

  it('is built from the manifest with keys behind secret references', () => {
    process.env.TEST_SEALER_KEY_1 = keyA.toString('base64');
    process.env.TEST_SEALER_KEY_2 = keyB.toString('hex');
    const manifest = parseManifest(
      testManifest({
        security: { encryption: { activeKeyId: 'two', keys: { one: { env: 'TEST_SEALER_KEY_1' }, two: { env: 'TEST_SEALER_KEY_2' } } } },
      }),
    );
    const secrets = new SecretResolver();
    secrets.resolveAll(manifest);
    const sealer = createSealer(manifest, secrets);
    expect(sealer.activeKeyId).to.equal('two');
    expect(sealer.openString(new Sealer({ one: keyA.toString('hex') }, 'one').seal('old'))).to.equal('old');
  });
});
