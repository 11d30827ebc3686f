import { lookup as dnsLookup } from 'node:dns';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import type { OutboundMessage, Transport, TransportContext, TransportResult } from '../../sdk/Transport.js';
import type { ConformanceRule } from '../ConformanceRule.js';
import { ConformanceFailure, expectRule } from '../ConformanceFailure.js';
import type { CountingAgent } from '../CountingAgent.js';
import type { LocalSftpStandIn, SftpJournalEntry } from '../LocalSftpStandIn.js';
import { secretsFrom } from '../secretsFrom.js';
import type { ExpectedFile, FileServerAccount, FileTransportConformanceOptions } from './FileTransportConformanceOptions.js';
import type { MemoryFileBatches } from './memoryFileBatches.js';

/** The stand-in's account. */
export const KIT_SFTP_USER = 'lendwire-conformance';
export const KIT_SFTP_PASSWORD = 'conformance-password-7f3a';
/** The env name the kit's `ctx.secret` answers the password for. */
const PASSWORD_ENV = 'LENDWIRE_CONFORMANCE_SFTP_PASSWORD';
const TARGET_TIMEOUT_MS = 10_000;
const HANG_TIMEOUT_MS = 1_500;
/** How long past its target timeout a send may take before the kit calls it stuck: generous, so a loaded machine does not fail the rule. */
const STUCK_AFTER_MS = 5_000;

/** The file-transport rules' names, in order. */
export const FILE_TRANSPORT_RULE_NAMES = [
  'an event is delivered and lands complete at the transport’s path: one file holding the message body (or the files options.files names)',
  'a retry of the same message is delivered and leaves the same file(s), same bytes (idempotent)',
  'a server whose host key is not pinned is refused before any credential is sent: permanent, nothing written',
  'refused credentials are permanent (E_AUTH), nothing written',
  'a closed port is retryable',
  'no partial file is ever visible under the final name, even when the connection drops mid-write (the retry completes it)',
  'a server that stops answering ends retryable within the target timeout; send() never throws',
] as const;

/** What the file-transport rules share. */
export interface FileTransportBench {
  standIn: LocalSftpStandIn;
  dispatcher: CountingAgent;
  /** `sftp://127.0.0.1:<port>` where nothing listens. */
  closedUrl: string;
  /** A well-formed fingerprint of a key the stand-in does not hold. */
  otherHostKeySha256: string;
  /** `ctx.batches`, in memory. */
  batches: MemoryFileBatches;
}

/** The built-in sftp transport's settings for the stand-in's account. */
export function defaultFileSettings(account: FileServerAccount): Record<string, unknown> {
  return { username: account.username, password: account.password, hostKeySha256: account.hostKeySha256, pathTemplate: '/conformance/{eventType}-{eventId}.json' };
}

const defaultRemotePath = (message: OutboundMessage) => `/conformance/${message.type}-${message.id}.json`;

let sequence = 0;
function message(): OutboundMessage {
  sequence += 1;
  const envelope = { type: 'conformance.test', timestamp: new Date().toISOString(), data: { n: sequence, text: 'héllo' } };
  return { id: `msg_fileconformance${Date.now()}x${sequence}`, type: envelope.type, sentAt: new Date(), body: JSON.stringify(envelope), envelope };
}

/** Every file below `root` (hidden ones too), as remote paths with their bytes. */
function filesBelow(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string, remote: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${remote}${name}/`);
      else files.set(`${remote}${name}`, readFileSync(full));
    }
  };
  walk(root, '/');
  return files;
}

/** The files of `after` that are new or changed since `before`. */
function changed(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  return [...after].filter(([path, bytes]) => !before.get(path)?.equals(bytes)).map(([path]) => path);
}

const WRITES: ReadonlySet<SftpJournalEntry['op']> = new Set(['OPEN', 'WRITE', 'MKDIR', 'RENAME', 'REMOVE']);

/**
 * The file-transport contract against a real SFTP server on 127.0.0.1
 * (`LocalSftpStandIn`, plain SFTP v3 without OpenSSH extensions): one complete
 * file at the transport's path (or the files `options.files` names, for a batch
 * transport over the in-memory `ctx.batches`), idempotent retries, the pinned
 * host key, refused credentials, a closed port, no partial file under the final
 * name, never throwing and never hanging past the target's timeout.
 */
export function fileTransportRules(transport: Transport, options: FileTransportConformanceOptions, bench: FileTransportBench): ConformanceRule[] {
  const { standIn } = bench;
  const settingsFor = options.settings ?? defaultFileSettings;
  const remotePath = options.remotePath ?? defaultRemotePath;
  /** What a message must land as (asked after its send: a batch transport has joined its batch by then). */
  const expected = (msg: OutboundMessage): ExpectedFile[] =>
    options.files ? options.files(msg, bench.batches.joined(msg.id)) : [{ path: remotePath(msg), bytes: Buffer.from(msg.body, 'utf8') }];
  const holdsAll = (files: ExpectedFile[]) => {
    const now = filesBelow(standIn.root);
    return files.every((f) => now.get(f.path)?.equals(f.bytes) === true);
  };
  const context = (password: string): TransportContext => ({
    logger: pino({ level: 'silent' }),
    secret: secretsFrom({ [PASSWORD_ENV]: password }),
    dispatcher: bench.dispatcher,
    userAgent: 'lendwire/conformance',
    urlProblem: () => null,
    signatureScheme: () => {
      throw new Error('the file-transport kit checks no signature');
    },
    lookup: (hostname, opts, callback) => dnsLookup(hostname, opts, callback),
    batches: bench.batches,
  });
  const account = (overrides: Partial<FileServerAccount> = {}): FileServerAccount => ({
    url: standIn.url,
    username: standIn.username,
    password: { env: PASSWORD_ENV },
    hostKeySha256: standIn.hostKeySha256,
    ...overrides,
  });
  interface Sent {
    result: TransportResult;
    elapsedMs: number;
  }
  const send = async (msg: OutboundMessage, how: { account?: FileServerAccount; password?: string; timeoutMs?: number } = {}): Promise<Sent> => {
    const acc = how.account ?? account();
    const timeoutMs = how.timeoutMs ?? TARGET_TIMEOUT_MS;
    const target = { id: 'conformance', url: acc.url, timeoutMs, signature: 'standard-webhooks', secrets: [], settings: settingsFor(acc) };
    const started = Date.now();
    const mark = standIn.journal.length;
    let sending: Promise<TransportResult>;
    try {
      sending = transport.send({ ...msg, sentAt: new Date() }, target, context(how.password ?? KIT_SFTP_PASSWORD));
    } catch (err) {
      throw new ConformanceFailure('send() classifies every failure, it never throws', { error: err, target: acc.url });
    }
    sending.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((resolve) => (timer = setTimeout(() => resolve('stuck'), timeoutMs + STUCK_AFTER_MS)));
    let result: TransportResult | 'stuck';
    try {
      result = await Promise.race([sending, stuck]).finally(() => clearTimeout(timer));
    } catch (err) {
      throw new ConformanceFailure('send() classifies every failure, it never throws', { error: err, target: acc.url, journal: standIn.journal.slice(mark) });
    }
    expectRule(result !== 'stuck', `send() returns within ${timeoutMs + STUCK_AFTER_MS} ms (the target timeout is ${timeoutMs} ms)`, { target: acc.url, journal: standIn.journal.slice(mark) });
    return { result, elapsedMs: Date.now() - started };
  };
  /** The journal from `mark` on and what changed on disk since `before`, as evidence. */
  const evidence = (sent: Sent | undefined, mark: number, before: Map<string, Buffer>, extra: Record<string, unknown> = {}) => {
    const now = filesBelow(standIn.root);
    return {
      ...(sent ? { result: sent.result, elapsedMs: sent.elapsedMs } : {}),
      ...extra,
      journal: standIn.journal.slice(mark),
      changedFiles: Object.fromEntries(changed(before, now).map((p) => [p, now.get(p)])),
    };
  };
  const nothingWritten = (mark: number, before: Map<string, Buffer>) => !standIn.journal.slice(mark).some((e) => WRITES.has(e.op)) && changed(before, filesBelow(standIn.root)).length === 0;
  /** The fault not yet triggered (read through a call: TypeScript would keep the value it was set to). */
  const faultLeft = (): string => standIn.fault;
  const rule = (index: number, check: () => Promise<void>): ConformanceRule => ({
    name: FILE_TRANSPORT_RULE_NAMES[index],
    check: async () => {
      standIn.fault = 'none';
      try {
        await check();
      } finally {
        standIn.fault = 'none';
      }
    },
  });
  return [
    rule(0, async () => {
      const msg = message();
      const before = filesBelow(standIn.root);
      const mark = standIn.journal.length;
      const sent = await send(msg);
      const files = expected(msg);
      const show = evidence(sent, mark, before, { expected: files });
      expectRule(sent.result.result === 'delivered', 'delivered', show);
      const paths = files.map((f) => f.path).sort();
      expectRule(changed(before, filesBelow(standIn.root)).sort().join('\n') === paths.join('\n'), `exactly the new file(s) ${paths.join(', ')}, nothing else (no temporary file left)`, show);
      expectRule(holdsAll(files), 'each file holds the expected bytes, byte for byte', show);
    }),
    rule(1, async () => {
      const msg = message();
      const first = await send(msg);
      expectRule(first.result.result === 'delivered', 'the first send is delivered', { result: first.result });
      const before = filesBelow(standIn.root);
      const mark = standIn.journal.length;
      const again = await send(msg);
      const files = expected(msg);
      const show = evidence(again, mark, before, { expected: files });
      expectRule(again.result.result === 'delivered', 'the retry is delivered (the file is already complete on the server)', show);
      expectRule(changed(before, filesBelow(standIn.root)).length === 0, 'the retry leaves the files as they were: no second file, the same bytes', show);
      expectRule(holdsAll(files), 'the file(s) hold the expected bytes', show);
    }),
    rule(2, async () => {
      const before = filesBelow(standIn.root);
      const mark = standIn.journal.length;
      const sent = await send(message(), { account: account({ hostKeySha256: bench.otherHostKeySha256 }) });
      const show = evidence(sent, mark, before, { pinned: bench.otherHostKeySha256, serverKey: standIn.hostKeySha256 });
      expectRule(sent.result.result === 'permanent', 'permanent (an unknown host key is not retried)', show);
      const credentials = standIn.journal.slice(mark).filter((e) => e.op === 'AUTH' && e.flags !== 'none');
      expectRule(credentials.length === 0, 'no password or key offered to a server whose key is not pinned', show);
      expectRule(nothingWritten(mark, before), 'nothing written on the server', show);
    }),
    rule(3, async () => {
      const before = filesBelow(standIn.root);
      const mark = standIn.journal.length;
      const sent = await send(message(), { password: 'not-the-password' });
      const show = evidence(sent, mark, before);
      expectRule(sent.result.result === 'permanent' && /AUTH/.test(sent.result.code), 'permanent, code E_AUTH (refused credentials are not retried blindly)', show);
      expectRule(nothingWritten(mark, before), 'nothing written on the server', show);
    }),
    rule(4, async () => {
      const sent = await send(message(), { account: account({ url: bench.closedUrl }) });
      expectRule(sent.result.result === 'retryable', 'retryable (the server may be back later)', { result: sent.result, elapsedMs: sent.elapsedMs, url: bench.closedUrl });
    }),
    rule(5, async () => {
      const msg = message();
      const before = filesBelow(standIn.root);
      const mark = standIn.journal.length;
      standIn.fault = 'drop-mid-write';
      const dropped = await send(msg);
      const files = expected(msg);
      const paths = files.map((f) => f.path);
      const droppedShow = evidence(dropped, mark, before, { expected: files, fault: 'the stand-in wrote half of the first WRITE, then dropped the connection' });
      expectRule(faultLeft() === 'none', 'the transport wrote the file over SFTP (the stand-in saw no WRITE to drop)', droppedShow);
      expectRule(dropped.result.result === 'retryable', 'the dropped attempt is retryable, not delivered', droppedShow);
      const halfway = filesBelow(standIn.root);
      expectRule(files.every((f) => !halfway.has(f.path) || halfway.get(f.path)!.equals(f.bytes)), `nothing but complete bytes under ${paths.join(', ')} after the drop`, droppedShow);
      const retried = await send(msg);
      const show = evidence(retried, mark, before, { expected: files });
      expectRule(retried.result.result === 'delivered', 'the retry is delivered', show);
      expectRule(holdsAll(files), `${paths.join(', ')} complete after the retry`, show);
      const journal = standIn.journal.slice(mark);
      const openedFinal = journal.filter((e) => e.op === 'OPEN' && paths.includes(e.path!));
      expectRule(openedFinal.length === 0, `${paths.join(', ')} never opened for writing (write a temporary name, then rename it into place)`, show);
      const partialRenames = journal.filter((e) => e.op === 'RENAME' && paths.includes(e.to!) && !e.content?.equals(files.find((f) => f.path === e.to)!.bytes));
      expectRule(partialRenames.length === 0, `only complete files are renamed to ${paths.join(', ')}`, show);
    }),
    rule(6, async () => {
      const msg = message();
      const before = filesBelow(standIn.root);
      const mark = standIn.journal.length;
      standIn.fault = 'hang';
      const sent = await send(msg, { timeoutMs: HANG_TIMEOUT_MS });
      const files = expected(msg);
      const show = evidence(sent, mark, before, { expected: files.map((f) => f.path), fault: 'the stand-in never answers the first OPEN', timeoutMs: HANG_TIMEOUT_MS });
      expectRule(sent.result.result === 'retryable', `retryable once the ${HANG_TIMEOUT_MS} ms target timeout passed`, show);
      const now = filesBelow(standIn.root);
      expectRule(files.every((f) => !now.has(f.path)), `nothing under ${files.map((f) => f.path).join(', ')}`, show);
    }),
  ];
}
