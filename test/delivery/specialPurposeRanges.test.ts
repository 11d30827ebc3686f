import { expect } from 'chai';
import { AddressPolicy } from '../../plugin/outbound/AddressPolicy.js';
import { OutboundGuard } from '../../plugin/outbound/OutboundGuard.js';
import { IPV4_EMBEDDING_RANGES, IPV4_SPECIAL_RANGES, IPV6_SPECIAL_RANGES } from '../../plugin/outbound/specialPurposeRanges.js';
import { createHarness, jsonOf, type Harness } from '../support/harness.js';
import { deliveryManifest, registerWebhook } from './support/deliveryTestKit.js';

// An oracle independent of the plugin's byte matcher: addresses as BigInt.
const v4ToBig = (text: string) => text.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
const bigToV4 = (n: bigint) => [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
function v6ToBig(text: string): bigint {
  const [head, tail = ''] = text.includes('::') ? text.split('::') : [text, undefined as unknown as string];
  const words = (s: string) => (s ? s.split(':') : []);
  const h = words(head);
  const t = text.includes('::') ? words(tail) : [];
  const all = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return all.reduce((n, w) => (n << 16n) | BigInt(parseInt(w, 16)), 0n);
}
const bigToV6 = (n: bigint) => Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');

interface Bounds {
  first: bigint;
  last: bigint;
}
function bounds(cidr: string, bits: number, parse: (s: string) => bigint): Bounds {
  const [net, len] = cidr.split('/');
  const size = 1n << BigInt(bits - Number(len));
  const first = parse(net) & ~(size - 1n);
  return { first, last: first + size - 1n };
}
const V4 = IPV4_SPECIAL_RANGES.map((r) => ({ ...r, ...bounds(r.cidr, 32, v4ToBig) }));
const V6 = IPV6_SPECIAL_RANGES.map((r) => ({ ...r, ...bounds(r.cidr, 128, v6ToBig) }));
const EMB = IPV4_EMBEDDING_RANGES.map((r) => ({ ...r, ...bounds(r.cidr, 128, v6ToBig) }));
const within = (n: bigint, b: Bounds) => n >= b.first && n <= b.last;
const expectRefusedV4 = (n: bigint) => V4.some((r) => within(n, r));
function expectRefusedV6(n: bigint): boolean {
  if (V6.some((r) => within(n, r))) return true;
  const e = EMB.find((r) => within(n, r));
  if (!e) return false;
  const v4 = (n >> BigInt(128 - 8 * (e.v4Byte + 4))) & 0xffffffffn;
  return e.refuseAlways || expectRefusedV4(v4);
}

const PUBLIC_V4 = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '192.0.1.255', '223.255.255.255'];

describe('SSRF: the IANA special-purpose ranges, table-driven', () => {
  const policy = new AddressPolicy();

  it('the table holds every range the contract names', () => {
    const cidrs = [...IPV4_SPECIAL_RANGES, ...IPV6_SPECIAL_RANGES, ...IPV4_EMBEDDING_RANGES].map((r) => r.cidr);
    for (const cidr of [
      '::/96', '::ffff:0:0/96', '64:ff9b::/96', '2002::/16', 'fc00::/7', 'fe80::/10', 'ff00::/8', '2001:db8::/32', '2001::/23', '::1/128', '::/128',
      '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '198.18.0.0/15',
      '192.0.0.0/24', '192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4', '224.0.0.0/4',
    ]) {
      expect(cidrs, cidr).to.include(cidr);
    }
    expect(policy.refusal('255.255.255.255')).to.match(/limited broadcast/);
    for (const r of [...IPV4_SPECIAL_RANGES, ...IPV6_SPECIAL_RANGES, ...IPV4_EMBEDDING_RANGES]) expect(r.registry, r.cidr).to.match(/^IANA /);
  });

  for (const r of V4) {
    it(`IPv4 ${r.cidr} (${r.name}): refused from first to last address, decided by the table just outside`, () => {
      for (const n of [r.first, r.first + 1n, r.last - 1n, r.last]) {
        expect(policy.refusal(bigToV4(n)), bigToV4(n)).to.be.a('string').that.includes(r.name).and.includes(r.registry);
      }
      for (const n of [r.first - 1n, r.last + 1n].filter((x) => x >= 0n && x <= 0xffffffffn)) {
        expect(policy.refusal(bigToV4(n)) !== null, `${bigToV4(n)} just outside`).to.equal(expectRefusedV4(n));
      }
    });
  }

  for (const r of V6) {
    it(`IPv6 ${r.cidr} (${r.name}): refused from first to last address, decided by the table just outside`, () => {
      for (const n of [r.first, r.last]) expect(policy.refusal(bigToV6(n)), bigToV6(n)).to.be.a('string').that.includes(r.name);
      for (const n of [r.first - 1n, r.last + 1n].filter((x) => x >= 0n && x < 1n << 128n)) {
        expect(policy.refusal(bigToV6(n)) !== null, `${bigToV6(n)} just outside`).to.equal(expectRefusedV6(n));
      }
    });
  }

  for (const e of EMB) {
    it(`IPv6 ${e.cidr} (${e.name}) embedding each IPv4 range's boundaries is refused; a public IPv4 ${e.refuseAlways ? 'too' : 'is allowed'}`, () => {
      const embed = (v4: bigint) => bigToV6(e.first | (v4 << BigInt(128 - 8 * (e.v4Byte + 4))));
      for (const r of V4) {
        for (const n of [r.first, r.last]) {
          const address = embed(n);
          if (V6.some((x) => within(v6ToBig(address), x))) continue; // e.g. ::1 is refused as loopback first
          expect(policy.refusal(address), `${address} (${bigToV4(n)})`).to.be.a('string').that.includes(e.name).and.includes(r.name);
        }
      }
      for (const pub of PUBLIC_V4) {
        const address = embed(v4ToBig(pub));
        if (e.refuseAlways) expect(policy.refusal(address), address).to.be.a('string').that.includes(e.name);
        else expect(policy.refusal(address), address).to.equal(null);
      }
      for (const n of [e.first - 1n, e.last + 1n].filter((x) => x >= 0n && x < 1n << 128n)) {
        expect(policy.refusal(bigToV6(n)) !== null, `${bigToV6(n)} just outside`).to.equal(expectRefusedV6(n));
      }
    });
  }

  it('reads embedded IPv4 in every notation (dotted and hex)', () => {
    expect(policy.refusal('::ffff:127.0.0.1')).to.match(/IPv4-mapped.*127\.0\.0\.1.*loopback/);
    expect(policy.refusal('64:ff9b::10.1.2.3')).to.match(/NAT64.*10\.1\.2\.3.*private-use/);
    expect(policy.refusal('64:ff9b::a01:203')).to.match(/NAT64.*10\.1\.2\.3/);
    expect(policy.refusal('2002:a9fe:a9fe::1')).to.match(/6to4.*169\.254\.169\.254.*link-local/);
    expect(policy.refusal('2002:808:808::1')).to.equal(null);
    expect(policy.refusal('fe80::1%eth0')).to.match(/link-local/);
  });

  it('allows public addresses of both families', () => {
    for (const a of [...PUBLIC_V4, '2606:4700:4700::1111', '2a00:1450:4001::200e', '2001:200::1', '64:ff9b::808:808']) expect(policy.refusal(a), a).to.equal(null);
  });

  it('lets the manifest allowlist win, for an address and for the IPv4 address an IPv6 form embeds', () => {
    const allowing = new AddressPolicy(['10.20.0.0/16', '192.0.2.0/24', 'fd00:1::/32', '2001:db8::/32']);
    for (const a of ['10.20.0.1', '10.20.255.255', '::ffff:10.20.0.1', '64:ff9b::a14:1', '2002:a14:1::', '192.0.2.7', 'fd00:1::5', '2001:db8::1']) {
      expect(allowing.refusal(a), a).to.equal(null);
    }
    for (const a of ['10.21.0.0', '10.19.255.255', '::ffff:10.21.0.1', 'fd00:2::1', '2001:1::1']) expect(allowing.refusal(a), a).to.be.a('string');
  });

  describe('at subscription creation', () => {
    const guard = new OutboundGuard({ allowInsecureHttp: false, ssrfAllowlist: [] });
    after(() => guard.close());

    it('refuses a literal-IP URL in any range (both families), and localhost', () => {
      for (const r of V4) expect(guard.urlProblem(`https://${bigToV4(r.last)}/hooks`), r.cidr).to.match(/refused/);
      for (const r of V6) expect(guard.urlProblem(`https://[${bigToV6(r.first)}]/hooks`), r.cidr).to.match(/refused/);
      for (const e of EMB) expect(guard.urlProblem(`https://[${bigToV6(e.first | 0x7f000001n << BigInt(128 - 8 * (e.v4Byte + 4)))}]/hooks`), e.cidr).to.match(/refused/);
      // URL parsing normalises other spellings of an address first.
      for (const url of ['https://2130706433/', 'https://0x7f.1/', 'https://0177.0.0.1/', 'https://[::ffff:7f00:1]/', 'https://localhost/', 'https://api.localhost/']) {
        expect(guard.urlProblem(url), url).to.match(/loopback/);
      }
      expect(guard.urlProblem('https://8.8.8.8/hooks')).to.equal(null);
      expect(guard.urlProblem('https://[2606:4700:4700::1111]/hooks')).to.equal(null);
    });
  });

  describe('over the admin API', () => {
    let h: Harness;
    before(async () => {
      h = await createHarness({ manifest: deliveryManifest({ subscriptions: [], security: { allowInsecureHttp: false, ssrfAllowlist: ['203.0.113.0/24'] } }), register: registerWebhook, start: false });
    });
    after(() => h?.close());

    it('answers 422 naming /url for a special-purpose address, and the allowlist still wins', async () => {
      for (const url of ['https://100.64.0.1/h', 'https://198.18.0.1/h', 'https://[64:ff9b::c0a8:1]/h', 'https://[2002:c000:201::]/h', 'https://[2001:db8::1]/h', 'https://0.0.0.0/h']) {
        const res = await h.request('/admin/api/subscriptions', { method: 'POST', token: 'admin-token', json: { url, events: ['application.*'] } });
        expect(res.status, url).to.equal(422);
        expect(res.headers.get('content-type')).to.match(/problem\+json/);
        const body = await jsonOf(res);
        expect(body.errors.map((e: { path: string }) => e.path), url).to.deep.equal(['/url']);
      }
      const allowed = await h.request('/admin/api/subscriptions', { method: 'POST', token: 'admin-token', json: { url: 'https://203.0.113.9/h', events: ['application.*'] } });
      expect(allowed.status).to.equal(201);
      expect(await h.db.knex.withSchema('lendwire').table('subscriptions').pluck('url')).to.deep.equal(['https://203.0.113.9/h']);
    });
  });
});
