import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConfigurationError, LendwireError } from '../errors/index.js';
import { parseEncryptionKey } from './parseEncryptionKey.js';

/** Layout version of a sealed blob; bump when the layout changes. */
const FORMAT_V1 = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed blob could not be opened (unknown key id, tampered or truncated data). */
export class SealError extends LendwireError {}

/**
 * AES-256-GCM sealing for data at rest (PII, API-created webhook secrets).
 *
 * A blob is `[1][keyId length][keyId][iv 12][tag 16][ciphertext]`: it names the
 * key that sealed it, so after a rotation (new `activeKeyId`, old key kept in
 * `keys`) old rows still open while new ones use the new key.
 */
export class Sealer {
  private readonly keys: ReadonlyMap<string, Buffer>;

  /**
   * @param keys key id -> key material (hex or base64 of 32 bytes)
   * @param activeKeyId the key new blobs are sealed with; undefined when encryption is not configured
   */
  constructor(
    keys: Record<string, string>,
    readonly activeKeyId: string | undefined,
  ) {
    const parsed = new Map<string, Buffer>();
    for (const [id, text] of Object.entries(keys)) {
      if (Buffer.byteLength(id) > 255) throw new ConfigurationError(`Encryption key id "${id.slice(0, 20)}..." is longer than 255 bytes`);
      parsed.set(id, parseEncryptionKey(text, id));
    }
    if (activeKeyId !== undefined && !parsed.has(activeKeyId)) {
      throw new ConfigurationError(`security.encryption.activeKeyId "${activeKeyId}" is not one of the configured keys (${[...parsed.keys()].join(', ') || 'none'})`);
    }
    this.keys = parsed;
  }

  /** Whether `seal` can be used (the manifest configures `security.encryption`). */
  get enabled(): boolean {
    return this.activeKeyId !== undefined;
  }

  seal(plain: Buffer | string): Buffer {
    if (this.activeKeyId === undefined) {
      throw new ConfigurationError('Cannot encrypt: the manifest has no security.encryption (activeKeyId and keys)');
    }
    const keyId = Buffer.from(this.activeKeyId, 'utf8');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    // The header is authenticated too, so a blob cannot be relabelled with another key id.
    const header = Buffer.concat([Buffer.from([FORMAT_V1, keyId.length]), keyId]);
    cipher.setAAD(header);
    const body = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()]);
    return Buffer.concat([header, iv, cipher.getAuthTag(), body]);
  }

  /** The id of the key a blob was sealed with (without opening it). */
  keyIdOf(blob: Buffer): string {
    if (blob.length < 2 || blob[0] !== FORMAT_V1) throw new SealError('Not a sealed blob (unknown format)');
    const end = 2 + blob[1];
    if (blob.length < end + IV_BYTES + TAG_BYTES) throw new SealError('Sealed blob is truncated');
    return blob.subarray(2, end).toString('utf8');
  }

  open(blob: Buffer): Buffer {
    const keyId = this.keyIdOf(blob);
    const key = this.keys.get(keyId);
    if (!key) throw new SealError(`Sealed with key "${keyId}", which is no longer configured in security.encryption.keys`);
    const headerEnd = 2 + blob[1];
    const iv = blob.subarray(headerEnd, headerEnd + IV_BYTES);
    const tag = blob.subarray(headerEnd + IV_BYTES, headerEnd + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(blob.subarray(0, headerEnd));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(blob.subarray(headerEnd + IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch (err) {
      throw new SealError(`Sealed blob (key "${keyId}") failed authentication`, { cause: err });
    }
  }

  openString(blob: Buffer): string {
    return this.open(blob).toString('utf8');
  }

  /** Whether blobs sealed with `keyId` can be opened (the key is still configured). */
  hasKey(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  /** Whether a blob was sealed with an older key and should be re-sealed. */
  needsReseal(blob: Buffer): boolean {
    return this.keyIdOf(blob) !== this.activeKeyId;
  }
}
