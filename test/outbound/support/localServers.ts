import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server } from 'node:net';

/** A server on 127.0.0.1 and how to reach and stop it. */
export interface LocalServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

async function listen(server: Server | ReturnType<typeof createHttpServer>, scheme: string): Promise<LocalServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `${scheme}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP server answering with `handler`. */
export function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalServer> {
  return listen(createHttpServer(handler), 'http');
}

/** Accepts a connection, then resets it (RST) as soon as the request arrives. */
export function resettingServer(): Promise<LocalServer> {
  return listen(
    createTcpServer((socket) => socket.once('data', () => socket.resetAndDestroy())),
    'http',
  );
}

/** A port on 127.0.0.1 that nobody listens on. */
export { unusedPort as closedPort } from '../../support/unusedPort.js';
