import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface Listening {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Starts an Express app on 127.0.0.1 (port 0 = any free port) and returns its base URL. */
export async function listen(app: Express, port = 0): Promise<Listening> {
  const server: Server = await new Promise((resolve, reject) => {
    // Express 5 hands a failed listen to the callback as well as to 'error'.
    const fail = (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${port} on 127.0.0.1 is already in use; stop what runs there or choose another port (PORT for the host)`) : err);
    const s = app.listen(port, '127.0.0.1', (err?: Error) => (err ? fail(err) : resolve(s)));
    s.once('error', fail);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    url,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
