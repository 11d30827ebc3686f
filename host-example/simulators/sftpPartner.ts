import { LocalSftpStandIn } from '../../plugin/testing/index.js';

export interface SftpPartner {
  /** `sftp://127.0.0.1:<port>`, the subscription's `url`. */
  url: string;
  port: number;
  /** `SHA256:<base64>` of this run's throwaway host key, as `transportSettings.hostKeySha256` takes it. */
  hostKeySha256: string;
  username: string;
  /** The directory on disk that is the partner's `/`. */
  root: string;
  /** Remote paths of the files renamed into place, oldest first. */
  received: string[];
  close(): Promise<void>;
}

export interface SftpPartnerOptions {
  /** Default 4050; 0 for a spare one. Always on 127.0.0.1. */
  port?: number;
  /** The partner's `/` on disk (created when missing). */
  root: string;
  username: string;
  password: string;
  log?: (line: string) => void;
  /** For tests: called with the remote paths just before a RENAME is carried out. */
  beforeRename?: (from: string, to: string) => void;
}

/**
 * A partner's SFTP server for the demo, in process: the SFTP stand-in of
 * `lendwire/testing` (`plugin/testing/LocalSftpStandIn.ts`, an `ssh2` server
 * without OpenSSH extensions) on 127.0.0.1, port 4050 by default, a host key
 * generated at start, one user with a password, files kept below `root`.
 */
export async function startSftpPartner(options: SftpPartnerOptions): Promise<SftpPartner> {
  const server = await new LocalSftpStandIn({ ...options, port: options.port ?? 4050 }).start();
  return {
    url: server.url,
    port: server.port,
    hostKeySha256: server.hostKeySha256,
    username: server.username,
    root: server.root,
    received: server.received,
    close: () => server.stop(),
  };
}
