import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A webhook receiver on 127.0.0.1 that answers 200 and reports each body's `data.benchKey` with its arrival time (performance.now()). */
export async function startBenchReceiver(onArrival: (key: string, at: number) => void) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      res.writeHead(200).end('ok');
      try {
        const data = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: { benchKey?: string; applicationId?: string } }).data;
        const key = data?.benchKey ?? data?.applicationId;
        if (key) onArrival(key, at);
      } catch {
        // not a benchmark webhook
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
