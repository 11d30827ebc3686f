import type { OutboundMessage, Transport } from '../../sdk/Transport.js';
import type { SecretRef } from '../../manifest/Manifest.js';
import type { TestRunner } from '../TestRunner.js';

/** The account on the kit's SFTP stand-in, for the transport's settings. */
export interface FileServerAccount {
  /** `sftp://127.0.0.1:<port>` (the target's `url`). */
  url: string;
  username: string;
  /** The password as a secret reference: the kit's `ctx.secret` resolves it. */
  password: SecretRef;
  /** The host key fingerprint to pin, `SHA256:<base64>` (the kit swaps in another key's to check pinning). */
  hostKeySha256: string;
}

/** Options of the file-transport kit. */
export interface FileTransportConformanceOptions {
  /**
   * The target's `transportSettings` for an account on the stand-in. Default, the
   * built-in `sftp` transport's: `{ username, password, hostKeySha256, pathTemplate: '/conformance/{eventType}-{eventId}.json' }`.
   */
  settings?: (account: FileServerAccount) => Record<string, unknown>;
  /** Where the transport puts a message on the server with those settings. Default `/conformance/<type>-<id>.json`. */
  remotePath?: (message: OutboundMessage) => string;
}

/** What `describeFileTransportConformance` needs. */
export interface DescribeFileTransportConformanceOptions extends FileTransportConformanceOptions {
  transport: Transport;
  runner?: TestRunner;
}
