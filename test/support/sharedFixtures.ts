import { fileURLToPath } from 'node:url';

/**
 * The project's shared sample payloads (applications, appTRAKER and broker
 * callbacks), vendored under test/fixtures/shared so a clean clone has them.
 */
export const SHARED_FIXTURES = fileURLToPath(new URL('../fixtures/shared/', import.meta.url)).replace(/\/$/, '');
