import { expect } from 'chai';
import ssh2 from 'ssh2';
import { generateHostKey } from '../../plugin/testing/LocalSftpStandIn.js';

describe('the SFTP stand-in\'s host key', () => {
  it('is always a key ssh2 reads back (its generator drops a leading zero byte from about 1 public key in 260)', () => {
    // 3,000 keys: with the generator's keys taken as they come, about 11 would be malformed.
    for (let i = 0; i < 3000; i++) {
      const key = generateHostKey();
      expect(ssh2.utils.parseKey(key.public), key.public).to.not.be.an.instanceOf(Error);
      expect(key.sha256).to.match(/^SHA256:[A-Za-z0-9+/]{43}$/);
    }
  });
});
