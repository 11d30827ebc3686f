import { expect } from 'chai';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { createOutboundDispatcher, TRUSTED_ENDPOINTS, readBoundedBody, readExcerpt, storedVendorText, VENDOR_TEXT_LIMIT } from '../../plugin/index.js';
import { responseExcerpt } from '../../plugin/outbound/crm/crmOutcomes.js';
import { httpServer, type LocalServer } from './support/localServers.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('outbound kit: one excerpt (storedVendorText, readExcerpt)', () => {
  it('keeps at most 4 KiB of UTF-8, cutting before a character that does not fit whole', () => {
    expect(storedVendorText('x'.repeat(5000))).to.equal('x'.repeat(VENDOR_TEXT_LIMIT));
    // é is 2 bytes: at 4095 bytes of "x" it would straddle the limit.
    expect(storedVendorText(`${'x'.repeat(4095)}é`)).to.equal('x'.repeat(4095));
    // An emoji is a surrogate pair and 4 UTF-8 bytes: never half of it.
    for (let pad = 4090; pad <= 4096; pad++) {
      const kept = storedVendorText(`${'x'.repeat(pad)}😀😀`);
      expect(bytes(kept), `pad ${pad}`).to.be.at.most(VENDOR_TEXT_LIMIT);
      expect(kept, `pad ${pad}`).to.not.match(/[\ud800-\udbff](?![\udc00-\udfff])|\ufffd/);
    }
    expect(storedVendorText(`${'x'.repeat(4092)}😀`)).to.equal(`${'x'.repeat(4092)}😀`);
    expect(storedVendorText('日本語のテキスト', 7)).to.equal('日本');
  });

  it('drops NUL, replaces lone surrogates and masks SSN-shaped numbers', () => {
    expect(storedVendorText('a\u0000b')).to.equal('ab');
    expect(storedVendorText('half \ud83d pair')).to.equal('half \ufffd pair');
    expect(storedVendorText('applicant 123-45-6789 declined')).to.equal('applicant ***-**-**** declined');
  });

  it('decodes raw bytes: invalid UTF-8 as U+FFFD, an incomplete sequence at the end dropped', () => {
    expect(storedVendorText(Buffer.from([0x41, 0xff, 0x42]))).to.equal('A\ufffdB');
    expect(storedVendorText(Buffer.from([0x41, 0x00, 0x42]))).to.equal('AB');
    const euro = Buffer.from('€', 'utf8');
    expect(storedVendorText(Buffer.concat([Buffer.from('ok '), euro.subarray(0, 2)]))).to.equal('ok ');
  });

  it('is the CRM kit\'s excerpt too', () => {
    expect(responseExcerpt(`${'x'.repeat(4095)}é`)).to.equal('x'.repeat(4095));
    expect(responseExcerpt('ssn 123456789')).to.equal('ssn ***-**-****');
  });

  it('reads at most the limit of a stream and drops the rest', async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled++;
        this.push(Buffer.alloc(1024, 0x61));
      },
    });
    const excerpt = await readExcerpt(endless, 4096);
    expect(excerpt).to.equal('a'.repeat(4096));
    expect(endless.destroyed).to.equal(true);
    expect(pulled).to.be.below(64);
    expect(await readBoundedBody(Readable.from([Buffer.from('héllo')]), 3)).to.deep.equal(Buffer.from('hé'));
    expect(await readExcerpt(Readable.from([Buffer.from('héllo')]), 2)).to.equal('h');
  });

  describe('from a real response on 127.0.0.1', () => {
    let server: LocalServer;
    before(async () => {
      server = await httpServer((req, res) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        if (req.url === '/cut') {
          res.write(Buffer.from('partial 😀'));
          return void setTimeout(() => res.socket?.destroy(), 50);
        }
        res.end(Buffer.concat([Buffer.alloc(4094, 0x7a), Buffer.from('😀 and much more')]));
      });
    });
    after(() => server.close());

    it('cuts an answer at the limit without splitting a character (undici body)', async () => {
      const dispatcher = createOutboundDispatcher({ policy: TRUSTED_ENDPOINTS });
      try {
        const res = await request(`${server.url}/`, { dispatcher });
        expect(await readExcerpt(res.body)).to.equal('z'.repeat(4094));
        const cut = await request(`${server.url}/cut`, { dispatcher });
        expect(await readExcerpt(cut.body), 'a body that breaks off gives no excerpt, and no error').to.equal('');
      } finally {
        await dispatcher.close();
      }
    });

    it('reads a fetch body (web stream) the same way', async () => {
      const res = await fetch(`${server.url}/`);
      expect((await readBoundedBody(res.body!, 10)).toString()).to.equal('z'.repeat(10));
    });
  });
});
