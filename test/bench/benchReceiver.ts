import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** An HTTP server on 127.0.0.1 that hands every request's body (and its arrival time, performance.now()) to `onRequest`. */
export async function startBenchServer(onRequest: (body: string, at: number, res: ServerResponse) => void) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => onRequest(Buffer.concat(chunks).toString('utf8'), performance.now(), res));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A webhook receiver on 127.0.0.1 that answers 200 and reports each body's `data.benchKey` with its arrival time (performance.now()). */
export async function startBenchReceiver(onArrival: (key: string, at: number) => void) {
  const server = await startBenchServer((body, at, res) => {
    res.writeHead(200).end('ok');
    try {
      const data = (JSON.parse(body) as { data?: { benchKey?: string; applicationId?: string } }).data;
      const key = data?.benchKey ?? data?.applicationId;
      if (key) onArrival(key, at);
    } catch {
      // not a benchmark webhook
    }
  });
  return { url: `${server.origin}/hooks`, close: server.close };
}
