import { LocalSftpStandIn, type LocalSftpStandInOptions } from '../../plugin/testing/index.js';

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

/** The stand-in's options; `port` defaults to 4050 here (0 for a spare one). */
export type SftpPartnerOptions = LocalSftpStandInOptions;

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
