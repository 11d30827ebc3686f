import { expect } from 'chai';
import { AddressPolicy } from '../../plugin/outbound/AddressPolicy.js';
import { OutboundGuard } from '../../plugin/outbound/OutboundGuard.js';

describe('SSRF guard', () => {
  describe('AddressPolicy', () => {
    const policy = new AddressPolicy(['127.0.0.1/32', '10.20.0.0/16']);

    for (const [address, kind] of [
      ['127.0.0.2', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.5.4', 'private'],
      ['192.168.1.1', 'private'],
      ['169.254.169.254', 'link-local'],
      ['100.64.0.1', 'carrier-grade NAT'],
      ['224.0.0.251', 'multicast'],
      ['0.0.0.0', 'network'],
      ['::1', 'loopback'],
      ['fd12:3456::1', 'unique-local'],
      ['fe80::1', 'link-local'],
      ['ff02::1', 'multicast'],
      ['::ffff:10.1.2.3', 'IPv4-mapped'],
      ['::ffff:8.8.8.8', 'IPv4-mapped'],
    ]) {
      it(`refuses ${address} (${kind})`, () => {
        expect(policy.refusal(address)).to.be.a('string').and.to.include(kind);
      });
    }

    it('allows public addresses and allowlisted subnets', () => {
      expect(policy.refusal('8.8.8.8')).to.equal(null);
      expect(policy.refusal('2606:4700:4700::1111')).to.equal(null);
      expect(policy.refusal('127.0.0.1')).to.equal(null);
      expect(policy.refusal('10.20.3.4')).to.equal(null);
      expect(policy.refusal('10.21.0.1')).to.match(/private/);
    });

    it('reports malformed allowlist entries', () => {
      expect(AddressPolicy.validateAllowlist(['10.0.0.0/8', 'nope', '10.0.0.0/40'])).to.have.length(2);
    });
  });

  describe('OutboundGuard.urlProblem', () => {
    const strict = new OutboundGuard({ allowInsecureHttp: false, ssrfAllowlist: [] });
    const dev = new OutboundGuard({ allowInsecureHttp: true, ssrfAllowlist: ['127.0.0.1/32'] });
    after(async () => {
      await strict.close();
      await dev.close();
    });

    it('accepts https URLs on public hosts', () => {
      expect(strict.urlProblem('https://partner.example.com/hooks?x=1')).to.equal(null);
    });

    it('refuses what is not a URL, not http(s), plain http, credentials and private literals', () => {
      expect(strict.urlProblem('not a url')).to.match(/not a valid absolute URL/);
      expect(strict.urlProblem('ftp://partner.example.com/')).to.match(/only https/);
      expect(strict.urlProblem('http://partner.example.com/')).to.match(/must use https/);
      expect(strict.urlProblem('https://user:pw@partner.example.com/')).to.match(/credentials/);
      expect(strict.urlProblem('https://10.0.0.5/hooks')).to.match(/private/);
      expect(strict.urlProblem('https://[::1]/hooks')).to.match(/loopback/);
      expect(strict.urlProblem('https://[::ffff:7f00:1]/hooks')).to.match(/IPv4-mapped/);
      expect(strict.urlProblem('https://127.0.0.1/hooks')).to.match(/loopback/);
    });

    it('allows plain http and allowlisted subnets only when the manifest says so', () => {
      expect(dev.urlProblem('http://127.0.0.1:8080/hooks')).to.equal(null);
      expect(dev.urlProblem('http://127.0.0.2:8080/hooks')).to.match(/loopback/);
    });

    it('checks the resolved address at connect time (a hostname pointing at a private address is refused)', async () => {
      const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => strict.lookup('localhost', { all: true }, (e) => resolve(e)));
      expect(err?.code).to.equal('E_SSRF');
      const ok = await new Promise<NodeJS.ErrnoException | null>((resolve) => dev.lookup('127.0.0.1', {}, (e) => resolve(e)));
      expect(ok).to.equal(null);
    });
  });
});
