import { connect, type Socket } from 'node:net';

/** One command Redis reports through MONITOR. */
export interface MonitoredCommand {
  /** The server's time, "seconds.microseconds". */
  time: string;
  /** The database number the command ran on, as text. */
  database: string;
  /** "lua" for a command a script ran, else the client's address ("127.0.0.1:49752", "unix:/path"). */
  source: string;
  /** The command name and its arguments, unescaped. */
  args: string[];
}

export interface RedisMonitor {
  stop(): void;
}

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, a: 7, b: 8, '"': 34, '\\': 92 };

/**
 * The arguments of a MONITOR line: each one double-quoted, with `\"`, `\\`, `\n`,
 * `\r`, `\t`, `\a`, `\b` and `\xHH` escapes (Redis' sdscatrepr), separated by spaces.
 */
export function parseMonitorArgs(text: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') {
      i++;
      continue;
    }
    const bytes: number[] = [];
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\' && text[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
        bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
        i += 4;
      } else if (text[i] === '\\' && text[i + 1] !== undefined && text[i + 1] in ESCAPES) {
        bytes.push(ESCAPES[text[i + 1]]);
        i += 2;
      } else {
        // The line was read as latin1: one character per byte.
        bytes.push(text.charCodeAt(i));
        i++;
      }
    }
    args.push(Buffer.from(bytes).toString('utf8'));
    i++;
  }
  return args;
}

/** A MONITOR line without its leading "+": `1796509962.791247 [11 127.0.0.1:49752] "info" "server"`. */
export function parseMonitorLine(line: string): MonitoredCommand | undefined {
  const match = /^(\d+\.\d+) \[(\d+) ([^\]]+)\] (.*)$/s.exec(line);
  if (!match) return undefined;
  return { time: match[1], database: match[2], source: match[3], args: parseMonitorArgs(match[4]) };
}

/**
 * Reports every command the Redis server at `url` runs, through MONITOR on a plain
 * socket of its own. Resolves once Redis has acknowledged MONITOR, so every command
 * sent after that is seen.
 *
 * Not ioredis' `monitor()`: that one switches its connection to monitoring mode a
 * microtask after Redis' "+OK", so a command another client sends at that moment
 * arrives in the same read, is taken for a reply and throws "Command queue state
 * error" (seen in CI; reproduced under a flood of INFO).
 */
export function monitorRedis(url: string, onCommand: (command: MonitoredCommand) => void): Promise<RedisMonitor> {
  const { hostname, port, password, username } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 6379) });
    let buffered = '';
    let acknowledged = false;
    /** The "+OK"s before MONITOR is on: AUTH's, when there is a password, then MONITOR's. */
    let oksToCome = password ? 2 : 1;
    const monitor: RedisMonitor = { stop: () => socket.destroy() };
    const fail = (error: Error) => {
      socket.destroy();
      if (!acknowledged) reject(error);
    };
    socket.setEncoding('latin1');
    socket.on('error', fail);
    socket.on('connect', () => {
      const auth = password ? `AUTH ${username ? `${decodeURIComponent(username)} ` : ''}${decodeURIComponent(password)}\r\n` : '';
      socket.write(`${auth}MONITOR\r\n`);
    });
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        // Read as latin1 so each byte is one character; MONITOR escapes every byte outside printable ASCII.
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (line.startsWith('-')) return fail(new Error(`Redis refused MONITOR: ${line.slice(1)}`));
        if (!acknowledged) {
          if (line === '+OK' && --oksToCome === 0) {
            acknowledged = true;
            resolve(monitor);
          }
          continue;
        }
        const command = line.startsWith('+') ? parseMonitorLine(line.slice(1)) : undefined;
        if (command) onCommand(command);
      }
    });
  });
}
