import { createServer, connect, type Server, type Socket, type AddressInfo } from 'node:net';

/**
 * How the proxy fails: `reset` accepts connections and drops them at once
 * (pg: "Connection terminated unexpectedly" / ECONNRESET), `blackhole`
 * accepts and never forwards a byte (a hung server or a dropped network: only
 * timeouts end the wait).
 */
export type CutMode = 'reset' | 'blackhole';

export interface TcpProxy {
  /** The port to connect to instead of the target's. */
  port: number;
  /** Drops every open connection and fails new ones the given way until restore(). */
  cut(mode: CutMode): void;
  /** Forwards new connections again. */
  restore(): void;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 in front of `targetPort` (e.g. PostgreSQL), for outage tests: only this test's connections go through it. */
export async function createTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let mode: CutMode | undefined;
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    if (mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'blackhole') return; // held open, never answered
    const upstream = connect(targetPort, targetHost);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dropAll = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  return {
    port: (server.address() as AddressInfo).port,
    cut(how) {
      mode = how;
      dropAll();
    },
    restore() {
      mode = undefined;
      // Blackholed sockets stay stuck otherwise: their owners would wait for ever.
      dropAll();
    },
    async close() {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
