import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A port on 127.0.0.1 that nothing is bound to, chosen BELOW the kernel's
 * ephemeral range: the kernel never hands such a port to a `listen(0)` or to an
 * outgoing connection, so it stays free until someone binds it by number.
 *
 * The usual trick (`listen(0)`, read the port, close) returns a port from the
 * ephemeral range, and the next `listen(0)` anywhere on the machine may get the
 * same port back (about 1 in 5,000 on this kernel): a "closed" port that then
 * answers, or a port a child process (sshd, redis-server) can no longer bind.
 * Ports handed out by this process are never handed out twice.
 */
export async function unusedPort(): Promise<number> {
  const ephemeralLow = ephemeralRangeStart();
  // 20000 up to the ephemeral range: above the well-known and registered ports tests
  // bind by number (Redis Cluster 7101-7103, RabbitMQ, Postgres, Redis) and above
  // every port fetch refuses as unsafe.
  const low = 20_000;
  const high = Math.max(low + 1000, ephemeralLow) - 1;
  for (let tries = 0; tries < 200; tries++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (handedOut.has(port)) continue;
    if (await isFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found between ${low} and ${high}`);
}

const handedOut = new Set<number>();

function ephemeralRangeStart(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(low)) return low;
  } catch {
    // Not Linux: IANA's dynamic range.
  }
  return 49152;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
