import { describeFileTransportConformance } from 'lendwire/testing';
import { sftpTransport } from '../../adapters/transports/sftp/index.js';

// The built-in sftp transport against the file-transport kit (a real SFTP server on 127.0.0.1), imported as a partner would.
describeFileTransportConformance({ transport: sftpTransport });
