import { BlockList, isIP } from 'node:net';

/** Address ranges a webhook may never reach unless the manifest allowlists them. */
const REFUSED_V4: [string, number, string][] = [
  ['0.0.0.0', 8, '"this" network'],
  ['10.0.0.0', 8, 'private (RFC 1918)'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private (RFC 1918)'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'private (RFC 1918)'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const REFUSED_V6: [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::ffff:0:0', 96, 'IPv4-mapped'],
  ['64:ff9b::', 96, 'NAT64 (embeds IPv4)'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['ff00::', 8, 'multicast'],
];

function familyOf(address: string): 'ipv4' | 'ipv6' | null {
  const v = isIP(address);
  return v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : null;
}

/** Parses "10.20.0.0/16", "::1/128" or a bare address into a subnet. */
function parseSubnet(text: string): { network: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [network, bits] = text.split('/');
  const family = familyOf(network);
  if (!family) throw new Error(`"${text}" is not an IP address or CIDR subnet`);
  const max = family === 'ipv4' ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`"${text}" has an invalid prefix length`);
  return { network, prefix, family };
}

/**
 * Decides whether an outbound connection may go to a resolved address: the
 * private, loopback, link-local, CGNAT, unique-local, mapped and multicast
 * ranges are refused unless a manifest subnet allowlists them.
 */
export class AddressPolicy {
  private readonly allowed = new BlockList();
  private readonly refused: { list: BlockList; family: 'ipv4' | 'ipv6'; reason: string }[] = [];

  constructor(allowlist: readonly string[] = []) {
    for (const entry of allowlist) {
      const s = parseSubnet(entry);
      this.allowed.addSubnet(s.network, s.prefix, s.family);
    }
    for (const [network, prefix, reason] of REFUSED_V4) this.refuse(network, prefix, 'ipv4', reason);
    for (const [network, prefix, reason] of REFUSED_V6) this.refuse(network, prefix, 'ipv6', reason);
  }

  private refuse(network: string, prefix: number, family: 'ipv4' | 'ipv6', reason: string): void {
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    this.refused.push({ list, family, reason });
  }

  /** Why `address` is refused, or null when a connection may go there. */
  refusal(address: string): string | null {
    const family = familyOf(address);
    if (!family) return `"${address}" is not an IP address`;
    if (this.allowed.check(address, family)) return null;
    // BlockList treats IPv4 and IPv4-mapped forms as one; compare within a family only.
    const hit = this.refused.find((r) => r.family === family && r.list.check(address, family));
    return hit ? `${address} is a ${hit.reason} address, refused` : null;
  }

  /** Throws when an allowlist entry is malformed (checked at start). */
  static validateAllowlist(entries: readonly string[]): string[] {
    const problems: string[] = [];
    for (const e of entries) {
      try {
        parseSubnet(e);
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
    return problems;
  }
}
