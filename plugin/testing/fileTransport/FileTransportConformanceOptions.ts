import type { OutboundMessage, Transport } from '../../sdk/Transport.js';
import type { SecretRef } from '../../manifest/Manifest.js';
import type { BatchRecord, FileBatch } from '../../sdk/FileBatches.js';
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

/** One file a message lands as on the server. */
export interface ExpectedFile {
  /** The remote path, e.g. `/conformance/conformance.test-msg_1.json`. */
  path: string;
  bytes: Buffer;
}

/** The batch a message joined in the kit's in-memory `ctx.batches`, and the batch's records (batch transports). */
export interface JoinedBatch {
  batch: FileBatch;
  records: BatchRecord[];
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
  /**
   * The files a delivered message must land as, with their bytes, for transports
   * whose files are not the message body (a batch with its sidecar; `joined` is
   * the batch the message joined through `ctx.batches`, undefined when it joined
   * none). Default: one file at `remotePath(message)` holding `message.body`.
   */
  files?: (message: OutboundMessage, joined: JoinedBatch | undefined) => ExpectedFile[];
}

/** What `describeFileTransportConformance` needs. */
export interface DescribeFileTransportConformanceOptions extends FileTransportConformanceOptions {
  transport: Transport;
  runner?: TestRunner;
}
