import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the stand-in received it. */
export interface ReceivedCall {
  method: string;
  /** Path and query, e.g. `/crm/v3/objects/deals/app_1?idProperty=x`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the stand-in answers: a response, or `hang` (never answer), or `reset` (read the request, then drop the connection). */
export type StandInAnswer = { status: number; headers?: Record<string, string>; body?: string } | 'hang' | 'reset';

/** Picks the answer for one request (the recorded fixture for it, or a scripted failure). */
export type StandInScript = (call: ReceivedCall) => StandInAnswer;

/**
 * A real HTTP server on 127.0.0.1 standing in for a lender or a CRM, so the kits
 * exercise an adapter's whole HTTP path (the outbound kit, sockets, timeouts)
 * without nock. Each rule sets its script; every request is recorded.
 */
export class LocalStandIn {
  readonly calls: ReceivedCall[] = [];
  private script: StandInScript = () => ({ status: 404, body: 'no script' });
  private server: Server | undefined;
  private port = 0;

  /** Listens on an ephemeral port of 127.0.0.1. */
  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const call: ReceivedCall = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.calls.push(call);
        let answer: StandInAnswer;
        try {
          answer = this.script(call);
        } catch (err) {
          answer = { status: 599, body: `stand-in script failed: ${(err as Error).message}` };
        }
        if (answer === 'hang') return;
        if (answer === 'reset') return void req.socket.destroy();
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body ?? '');
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Answers every following request with `script`, forgetting earlier calls and dropping hanging connections. */
  answer(script: StandInScript): void {
    this.server?.closeAllConnections();
    this.calls.length = 0;
    this.script = script;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A port nothing listens on (bound, then released): a request to it is refused before it is sent. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
