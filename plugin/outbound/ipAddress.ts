import { isIP } from 'node:net';

/** An IP address as its bytes: 4 for IPv4, 16 for IPv6. */
export type IpBytes = Uint8Array;

function ipv4Bytes(text: string): IpBytes | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i])) return null;
    const n = Number(parts[i]);
    if (n > 255) return null;
    bytes[i] = n;
  }
  return bytes;
}

function ipv6Bytes(text: string): IpBytes | null {
  // A zone ("fe80::1%eth0") names an interface, not part of the address.
  let rest = text.replace(/%.*$/, '');
  const bytes = new Uint8Array(16);
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(rest);
  if (dotted) {
    const v4 = ipv4Bytes(dotted[1]);
    if (!v4) return null;
    tail.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    rest = rest.slice(0, -dotted[1].length);
    if (rest.endsWith(':') && !rest.endsWith('::')) rest = rest.slice(0, -1);
  }
  const halves = rest.split('::');
  if (halves.length > 2) return null;
  const words = (s: string) => (s === '' ? [] : s.split(':').map((w) => (/^[0-9a-f]{1,4}$/i.test(w) ? parseInt(w, 16) : Number.NaN)));
  const head = words(halves[0]);
  const after = halves.length === 2 ? [...words(halves[1]), ...tail] : [];
  const all = halves.length === 2 ? [...head, ...new Array<number>(8 - head.length - after.length).fill(0), ...after] : [...head, ...tail];
  if (all.length !== 8 || all.some((w) => Number.isNaN(w))) return null;
  all.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  });
  return bytes;
}

/** The bytes of an IPv4 or IPv6 address (brackets and zone ids allowed), or null when it is not one. */
export function ipBytes(text: string): IpBytes | null {
  const bare = text.replace(/^\[|\]$/g, '');
  const version = isIP(bare);
  if (version === 4) return ipv4Bytes(bare);
  if (version === 6) return ipv6Bytes(bare);
  return null;
}

/** Whether the first `prefix` bits of `address` equal those of `network` (same family). */
export function inPrefix(address: IpBytes, network: IpBytes, prefix: number): boolean {
  if (address.length !== network.length) return false;
  const whole = prefix >> 3;
  for (let i = 0; i < whole; i++) if (address[i] !== network[i]) return false;
  const bits = prefix & 7;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return (address[whole] & mask) === (network[whole] & mask);
}

/** Dotted-quad text of 4 bytes. */
export function ipv4Text(bytes: IpBytes): string {
  return Array.from(bytes).join('.');
}
