import { ConfigurationError } from '../errors/index.js';

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Reads a 256-bit key written as 64 hex digits or as base64 (standard or URL-safe).
 * Anything else is refused, so a truncated or mistyped key never encrypts data.
 */
export function parseEncryptionKey(text: string, keyId: string): Buffer {
  const value = text.trim();
  if (HEX_KEY.test(value)) return Buffer.from(value, 'hex');
  if (BASE64_KEY.test(value)) {
    const key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) return key;
  }
  throw new ConfigurationError(`Encryption key "${keyId}" must be 32 bytes written as 64 hex digits or base64`);
}
