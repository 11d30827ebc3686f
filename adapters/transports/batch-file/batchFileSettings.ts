import type { TransportSettingsProblem } from '../../../plugin/index.js';
import { pathTemplateProblems, readSftpSettings, type SftpSettings } from '../sftp/index.js';

/** One CSV column: its header and where its value comes from in `{ id, type, timestamp, data }` (`data.applicationId`). */
export interface CsvColumn {
  header: string;
  path: string;
}

/** What a subscription with `transport: "batch-file"` sets in `transportSettings`. */
export interface BatchFileSettings {
  format: 'jsonl' | 'csv';
  /** CSV only: the columns, in order. */
  columns: CsvColumn[];
  /** A batch closes after `maxAgeMs` or at `maxRecords` events, whichever comes first. */
  maxRecords: number;
  maxAgeMs: number;
  /** Where the file goes (under the directory, or on the SFTP server); must contain {batchId}. */
  pathTemplate: string;
  /** For an `sftp://` URL: how to log in (the sftp transport's settings without pathTemplate). */
  sftp?: SftpSettings;
}

const DURATION = /^([0-9]+)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const KNOWN = ['format', 'columns', 'maxRecords', 'maxAge', 'pathTemplate', 'sftp'];

/** The path template unless a subscription sets its own. */
export const DEFAULT_BATCH_PATH = '/{date}/{batchId}';

function columnProblems(columns: unknown, at: string): TransportSettingsProblem[] {
  if (!Array.isArray(columns) || !columns.length) return [{ path: at, message: 'is required for csv: [{ "header": "application", "path": "data.applicationId" }, ...]' }];
  return columns.flatMap((c, i) => {
    const col = c as Partial<CsvColumn>;
    const problems: TransportSettingsProblem[] = [];
    if (typeof col?.header !== 'string' || !col.header.length) problems.push({ path: `${at}/${i}/header`, message: 'must be a non-empty string' });
    if (typeof col?.path !== 'string' || !/^(id|type|timestamp|data(\.[A-Za-z0-9_]+)*)$/.test(col.path)) {
      problems.push({ path: `${at}/${i}/path`, message: 'must be id, type, timestamp, data or data.<field>[.<field>...]' });
    }
    return problems;
  });
}

/**
 * Reads and checks batch-file settings (problems as JSON pointers under
 * `/transportSettings`); `sftp` settings are required when the URL is `sftp://`.
 */
export function readBatchFileSettings(raw: unknown, sink: 'directory' | 'sftp'): { settings?: BatchFileSettings; problems: TransportSettingsProblem[] } {
  const at = '/transportSettings';
  const s = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const problems: TransportSettingsProblem[] = [];
  for (const key of Object.keys(s)) if (!KNOWN.includes(key)) problems.push({ path: `${at}/${key}`, message: `is not a batch-file setting (known: ${KNOWN.join(', ')})` });
  const format = s.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') problems.push({ path: `${at}/format`, message: 'must be jsonl or csv' });
  if (format === 'csv') problems.push(...columnProblems(s.columns, `${at}/columns`));
  else if (s.columns !== undefined) problems.push({ path: `${at}/columns`, message: 'only applies to format csv' });
  const maxRecords = s.maxRecords ?? 10_000;
  if (typeof maxRecords !== 'number' || !Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > 1_000_000) problems.push({ path: `${at}/maxRecords`, message: 'must be an integer from 1 to 1000000' });
  const maxAge = s.maxAge ?? '15m';
  const m = typeof maxAge === 'string' ? DURATION.exec(maxAge) : null;
  const maxAgeMs = m ? Number(m[1]) * UNIT_MS[m[2]] : NaN;
  if (!(maxAgeMs >= 1_000 && maxAgeMs <= 7 * 86_400_000)) problems.push({ path: `${at}/maxAge`, message: 'must be a duration from 1s to 7d, like 15m' });
  const pathTemplate = s.pathTemplate ?? DEFAULT_BATCH_PATH;
  problems.push(...pathTemplateProblems(pathTemplate, `${at}/pathTemplate`, 'batchId'));
  let sftp: SftpSettings | undefined;
  if (sink === 'sftp') {
    const read = readSftpSettings(typeof s.sftp === 'object' && s.sftp !== null ? { ...s.sftp, pathTemplate: '/{batchId}' } : s.sftp, `${at}/sftp`, 'batchId');
    problems.push(...read.problems.filter((p) => !p.path.endsWith('/pathTemplate')));
    sftp = read.settings;
  } else if (s.sftp !== undefined) problems.push({ path: `${at}/sftp`, message: 'only applies to an sftp:// URL' });
  if (problems.length) return { problems };
  return {
    settings: { format: format as 'jsonl' | 'csv', columns: (s.columns as CsvColumn[] | undefined) ?? [], maxRecords: maxRecords as number, maxAgeMs, pathTemplate: pathTemplate as string, ...(sftp ? { sftp } : {}) },
    problems,
  };
}
