import { inPrefix, ipBytes, ipv4Text, type IpBytes } from './ipAddress.js';
import { IPV4_EMBEDDING_RANGES, IPV4_SPECIAL_RANGES, IPV6_SPECIAL_RANGES, type SpecialRange } from './specialPurposeRanges.js';

interface Subnet {
  network: IpBytes;
  prefix: number;
}

/** Parses "10.20.0.0/16", "::1/128" or a bare address into a subnet. */
function parseSubnet(text: string): Subnet {
  const [network, bits, extra] = text.split('/');
  const bytes = extra === undefined ? ipBytes(network) : null;
  if (!bytes || network.includes('[') || network.includes('%')) throw new Error(`"${text}" is not an IP address or CIDR subnet`);
  const max = bytes.length * 8;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`"${text}" has an invalid prefix length`);
  return { network: bytes, prefix };
}

const compile = <T extends SpecialRange>(ranges: readonly T[]) => ranges.map((range) => ({ ...parseSubnet(range.cidr), range }));
const V4 = compile(IPV4_SPECIAL_RANGES);
const V6 = compile(IPV6_SPECIAL_RANGES);
const EMBEDDING = compile(IPV4_EMBEDDING_RANGES);

const describe = (r: SpecialRange) => `${r.name} address (${r.cidr}, ${r.registry})`;

/**
 * Decides whether an outbound connection may go to an address: every range of
 * the IANA special-purpose registries (specialPurposeRanges.ts) is refused,
 * and so is an IPv6 address embedding a refused IPv4 address (NAT64, 6to4) or
 * in the IPv4-mapped / -compatible forms, unless a manifest subnet
 * (security.ssrfAllowlist) allowlists the address or the IPv4 address it embeds.
 */
export class AddressPolicy {
  private readonly allowed: Subnet[];

  constructor(allowlist: readonly string[] = []) {
    this.allowed = allowlist.map(parseSubnet);
  }

  private isAllowed(address: IpBytes): boolean {
    return this.allowed.some((s) => inPrefix(address, s.network, s.prefix));
  }

  /** Why `address` is refused, or null when a connection may go there. */
  refusal(address: string): string | null {
    const bytes = ipBytes(address);
    if (!bytes) return `"${address}" is not an IP address`;
    if (this.isAllowed(bytes)) return null;
    if (bytes.length === 4) {
      const hit = V4.find((r) => inPrefix(bytes, r.network, r.prefix));
      return hit ? `${address} is a ${describe(hit.range)}, refused` : null;
    }
    const direct = V6.find((r) => inPrefix(bytes, r.network, r.prefix));
    if (direct) return `${address} is a ${describe(direct.range)}, refused`;
    const embedding = EMBEDDING.find((r) => inPrefix(bytes, r.network, r.prefix));
    if (!embedding) return null;
    const v4 = bytes.slice(embedding.range.v4Byte, embedding.range.v4Byte + 4);
    if (this.isAllowed(v4)) return null;
    const inner = V4.find((r) => inPrefix(v4, r.network, r.prefix));
    if (!inner && !embedding.range.refuseAlways) return null;
    return `${address} is an ${describe(embedding.range)} embedding ${ipv4Text(v4)}${inner ? `, a ${describe(inner.range)}` : ''}, refused`;
  }

  /** Problems with allowlist entries (checked at start). */
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
