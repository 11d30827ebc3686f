import net from 'node:net';
import { sleep } from './waitFor.js';

/**
 * Mocha root-hook plugin (.mocharc.cjs `require`): the suite must leave nothing
 * open. CI runs mocha without --exit, so one Redis connection or server a test
 * forgot to close keeps the process alive until CI's time runs out, after every
 * test has passed. Here the run fails instead, naming each handle and the test
 * that opened it, and closes them (ending the process shortly after the report if a client
 * reconnects).
 */

interface Handle {
  hasRef?(): boolean;
  destroy?(): void;
  close?(): void;
  kill?(): void;
  constructor: { name: string };
}

const openedIn = new WeakMap<object, string>();
let currentTest = '(outside any test)';

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  openedIn.set(this, currentTest);
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof connect;

const stdio = new Set<unknown>([process.stdin, process.stdout, process.stderr]);

function openHandles(): Handle[] {
  const all = (process as unknown as { _getActiveHandles(): Handle[] })._getActiveHandles();
  return all.filter((h) => !stdio.has(h) && h.hasRef?.() !== false);
}

function describeHandle(h: Handle): string {
  const socket = h as unknown as net.Socket;
  const where = h instanceof net.Socket ? ` ${socket.localAddress}:${socket.localPort} -> ${socket.remoteAddress}:${socket.remotePort}` : h instanceof net.Server ? ` listening on ${JSON.stringify(h.address())}` : '';
  return `${h.constructor.name}${where}, opened in: ${openedIn.get(h) ?? 'unknown'}`;
}

export const mochaHooks = {
  beforeEach(this: Mocha.Context) {
    currentTest = this.currentTest?.fullTitle() ?? currentTest;
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(10_000);
    // Give closes that are under way (sockets half-closed, servers draining) a moment.
    const deadline = Date.now() + 3000;
    while (openHandles().length && Date.now() < deadline) await sleep(100);
    const left = openHandles();
    if (!left.length) return;
    const lines = left.map(describeHandle);
    for (const h of left) {
      if (h instanceof net.Server) h.close();
      else if (h.destroy) h.destroy();
      else if (h.kill) h.kill();
      else h.close?.();
    }
    // A client that reconnects (ioredis) opens a new socket: end the process once
    // mocha has printed its report, if nothing else does.
    setTimeout(() => process.exit(1), 5000).unref();
    throw new Error(`the tests left ${left.length} handle(s) open (closed now; CI would wait for them until its timeout):\n  ${lines.join('\n  ')}`);
  },
};
