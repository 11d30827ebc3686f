export { Sealer, SealError } from './Sealer.js';
export { createSealer } from './createSealer.js';
export { parseEncryptionKey } from './parseEncryptionKey.js';
export { maskSsn, maskDate, maskAmount, maskTail } from './maskPii.js';
export { scrubSsnLike, scrubSsnLikeDeep } from './scrubSsnLike.js';
