/**
 * Address ranges an outbound webhook may never reach unless the manifest's
 * `security.ssrfAllowlist` names them: every block of the IANA special-purpose
 * registries (plus multicast and the deprecated site-local block). Covering
 * blocks are listed once: e.g. 255.255.255.255/32 (limited broadcast) lies in
 * 240.0.0.0/4, 0.0.0.0/32 in 0.0.0.0/8, the 192.0.0.x assignments in
 * 192.0.0.0/24 and Teredo (2001::/32), benchmarking (2001:2::/48) and ORCHID in
 * 2001::/23. No webhook receiver lives at any of them, globally reachable or not.
 */
export interface SpecialRange {
  cidr: string;
  name: string;
  registry: string;
  rfc: string;
}

const V4 = 'IANA IPv4 Special-Purpose Address Registry';
const V6 = 'IANA IPv6 Special-Purpose Address Registry';
const V4_MULTICAST = 'IANA IPv4 Multicast Address Space Registry';
const V6_MULTICAST = 'IANA IPv6 Multicast Address Space Registry';
const V6_SPACE = 'IANA IPv6 Address Space Registry';

export const IPV4_SPECIAL_RANGES: readonly SpecialRange[] = [
  { cidr: '0.0.0.0/8', name: '"this network"', registry: V4, rfc: 'RFC 791' },
  { cidr: '10.0.0.0/8', name: 'private-use', registry: V4, rfc: 'RFC 1918' },
  { cidr: '100.64.0.0/10', name: 'shared address space (carrier-grade NAT)', registry: V4, rfc: 'RFC 6598' },
  { cidr: '127.0.0.0/8', name: 'loopback', registry: V4, rfc: 'RFC 1122' },
  { cidr: '169.254.0.0/16', name: 'link-local', registry: V4, rfc: 'RFC 3927' },
  { cidr: '172.16.0.0/12', name: 'private-use', registry: V4, rfc: 'RFC 1918' },
  { cidr: '192.0.0.0/24', name: 'IETF protocol assignments', registry: V4, rfc: 'RFC 6890' },
  { cidr: '192.0.2.0/24', name: 'documentation (TEST-NET-1)', registry: V4, rfc: 'RFC 5737' },
  { cidr: '192.31.196.0/24', name: 'AS112-v4', registry: V4, rfc: 'RFC 7535' },
  { cidr: '192.52.193.0/24', name: 'AMT', registry: V4, rfc: 'RFC 7450' },
  { cidr: '192.88.99.0/24', name: 'deprecated 6to4 relay anycast', registry: V4, rfc: 'RFC 7526' },
  { cidr: '192.168.0.0/16', name: 'private-use', registry: V4, rfc: 'RFC 1918' },
  { cidr: '192.175.48.0/24', name: 'direct delegation AS112 service', registry: V4, rfc: 'RFC 7534' },
  { cidr: '198.18.0.0/15', name: 'benchmarking', registry: V4, rfc: 'RFC 2544' },
  { cidr: '198.51.100.0/24', name: 'documentation (TEST-NET-2)', registry: V4, rfc: 'RFC 5737' },
  { cidr: '203.0.113.0/24', name: 'documentation (TEST-NET-3)', registry: V4, rfc: 'RFC 5737' },
  { cidr: '224.0.0.0/4', name: 'multicast', registry: V4_MULTICAST, rfc: 'RFC 5771' },
  { cidr: '240.0.0.0/4', name: 'reserved (incl. limited broadcast 255.255.255.255)', registry: V4, rfc: 'RFC 1112, RFC 919' },
];

export const IPV6_SPECIAL_RANGES: readonly SpecialRange[] = [
  { cidr: '::/128', name: 'unspecified', registry: V6, rfc: 'RFC 4291' },
  { cidr: '::1/128', name: 'loopback', registry: V6, rfc: 'RFC 4291' },
  { cidr: '64:ff9b:1::/48', name: 'local-use IPv4/IPv6 translation', registry: V6, rfc: 'RFC 8215' },
  { cidr: '100::/64', name: 'discard-only', registry: V6, rfc: 'RFC 6666' },
  { cidr: '100:0:0:1::/64', name: 'dummy IPv6 prefix', registry: V6, rfc: 'RFC 9780' },
  { cidr: '2001::/23', name: 'IETF protocol assignments (incl. Teredo)', registry: V6, rfc: 'RFC 2928' },
  { cidr: '2001:db8::/32', name: 'documentation', registry: V6, rfc: 'RFC 3849' },
  { cidr: '2620:4f:8000::/48', name: 'direct delegation AS112 service', registry: V6, rfc: 'RFC 7534' },
  { cidr: '3fff::/20', name: 'documentation', registry: V6, rfc: 'RFC 9637' },
  { cidr: '5f00::/16', name: 'segment routing (SRv6) SIDs', registry: V6, rfc: 'RFC 9602' },
  { cidr: 'fc00::/7', name: 'unique-local', registry: V6, rfc: 'RFC 4193' },
  { cidr: 'fe80::/10', name: 'link-local', registry: V6, rfc: 'RFC 4291' },
  { cidr: 'fec0::/10', name: 'deprecated site-local', registry: V6_SPACE, rfc: 'RFC 3879' },
  { cidr: 'ff00::/8', name: 'multicast', registry: V6_MULTICAST, rfc: 'RFC 4291' },
];

/** An IPv6 block whose addresses carry an IPv4 address at `v4Byte` (bytes v4Byte..v4Byte+3). */
export interface EmbeddingRange extends SpecialRange {
  v4Byte: number;
  /**
   * Refused whatever it embeds (unless the embedded IPv4 is allowlisted): these
   * forms have no use in a DNS answer for a webhook receiver, and docs/design.md
   * refuses IPv4-mapped forms. The translation prefixes (NAT64, 6to4) carry
   * public hosts on IPv6-only networks, so only special embedded addresses are refused there.
   */
  refuseAlways: boolean;
}

export const IPV4_EMBEDDING_RANGES: readonly EmbeddingRange[] = [
  { cidr: '::/96', name: 'IPv4-compatible (deprecated)', registry: V6_SPACE, rfc: 'RFC 4291', v4Byte: 12, refuseAlways: true },
  { cidr: '::ffff:0:0/96', name: 'IPv4-mapped', registry: V6, rfc: 'RFC 4291', v4Byte: 12, refuseAlways: true },
  { cidr: '::ffff:0:0:0/96', name: 'IPv4-translated', registry: V6_SPACE, rfc: 'RFC 2765', v4Byte: 12, refuseAlways: true },
  { cidr: '64:ff9b::/96', name: 'NAT64 well-known prefix', registry: V6, rfc: 'RFC 6052', v4Byte: 12, refuseAlways: false },
  { cidr: '2002::/16', name: '6to4', registry: V6, rfc: 'RFC 3056', v4Byte: 2, refuseAlways: false },
];
