import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { AddressPolicy } from './AddressPolicy.js';
import { SsrfRefusedError } from './SsrfRefusedError.js';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `dns.lookup`-shaped function, as a socket's `connect({ lookup })` takes it. */
export type LookupFunction = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/**
 * dns.lookup, then refuse the answer when any address it would connect to is
 * not allowed by `policy`. Used at connect time, so a DNS answer that changes
 * between a URL check and the connection can't slip through.
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : '', undefined);
      const list = addresses as LookupAddress[];
      if (!list.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), options.all ? [] : '', undefined);
      const refused = list.map((a) => policy.refusal(a.address)).find((r) => r !== null);
      if (refused) return callback(new SsrfRefusedError(`${hostname} resolves to ${refused}`), options.all ? [] : '', undefined);
      if (options.all) return callback(null, list);
      return callback(null, list[0].address, list[0].family);
    });
  };
}
