import { dirname, resolve } from 'node:path';
import type { Knex } from 'knex';
import { loadManifestFile } from '../app/parseManifest.js';
import { SecretResolver } from '../manifest/SecretResolver.js';
import { createSealer } from '../security/createSealer.js';
import { resealSealedValues, type ResealProgress, type ResealSummary } from '../security/rotation/resealSealedValues.js';

export interface ResealArgs {
  batchSize?: number;
  pauseMs?: number;
}

/** Reads `--batch-size N` and `--pause-ms N`; anything else is an error naming the argument. */
export function parseResealArgs(args: string[]): ResealArgs {
  const out: ResealArgs = {};
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], Number(args[i + 1])];
    const valid = Number.isInteger(value) && value >= 0 && value <= 100_000;
    if (flag === '--batch-size' && valid && value > 0) out.batchSize = value;
    else if (flag === '--pause-ms' && valid) out.pauseMs = value;
    else throw new Error(`pii:reseal: bad argument "${flag} ${args[i + 1] ?? ''}" (expected --batch-size 1..100000, --pause-ms 0..100000)`);
  }
  return out;
}

const rate = (count: number, ms: number) => Math.round(count / Math.max(ms / 1000, 0.001));

function progressLine({ done, total, elapsedMs }: ResealProgress): string {
  const percent = total ? Math.floor((done / total) * 100) : 100;
  return `pii:reseal: ${done}/${total} (${percent}%) re-sealed, ${rate(done, elapsedMs)} rows/s`;
}

function summaryLines(s: ResealSummary): string[] {
  const lines = [`pii:reseal: done: ${s.resealed} of ${s.total} value(s) re-sealed with key "${s.activeKeyId}" in ${(s.elapsedMs / 1000).toFixed(1)} s (${rate(s.resealed, s.elapsedMs)} rows/s)`];
  if (s.total === 0) lines[0] = `pii:reseal: nothing to do: every readable sealed value uses the active key "${s.activeKeyId}"`;
  if (s.left) lines.push(`pii:reseal: ${s.left} value(s) were held by other transactions the whole time; run the command again`);
  for (const [key, count] of Object.entries(s.unreadable)) lines.push(`pii:reseal: ${count} value(s) use key "${key}", which the manifest no longer lists: add it back to security.encryption.keys and run again`);
  if (s.failedApplicationIds.length) lines.push(`pii:reseal: ${s.failedApplicationIds.length} application(s) failed authentication and were left as they are: ${s.failedApplicationIds.slice(0, 20).join(', ')}`);
  return lines;
}

/**
 * `lendwire pii:reseal`: re-encrypts with the active key every value sealed with
 * an older one. Prints progress at most once a second and a summary; exits 1
 * when something could not be re-sealed. Safe to stop at any time and to run again.
 */
export async function runReseal(knex: Knex, schema: string, args: ResealArgs, print: (line: string) => void): Promise<number> {
  const manifestPath = resolve(process.env.LENDWIRE_MANIFEST || 'plugin.manifest.json');
  const manifest = loadManifestFile(manifestPath);
  const secrets = new SecretResolver(dirname(manifestPath));
  secrets.resolveAll(manifest.security.encryption ?? {});
  const sealer = createSealer(manifest, secrets);
  let printedAt = 0;
  const summary = await resealSealedValues(knex, schema, sealer, {
    ...args,
    onProgress(p) {
      if (Date.now() - printedAt < 1000 && p.done < p.total) return;
      printedAt = Date.now();
      print(progressLine(p));
    },
  });
  for (const line of summaryLines(summary)) print(line);
  return summary.left || Object.keys(summary.unreadable).length || summary.failedApplicationIds.length ? 1 : 0;
}
