import type { LenderAdapter } from '../../sdk/LenderAdapter.js';
import type { LenderConfig } from '../../manifest/Manifest.js';
import type { ApplicationStatus } from '../../sdk/statuses.js';
import type { CreditApplication } from '../../sdk/CreditApplication.js';
import type { TestRunner } from '../TestRunner.js';

/** One recorded callback, as the lender sent it. */
export interface RecordedCallback {
  /** How the evidence names it, e.g. the fixture file. */
  name: string;
  body: Buffer | string;
  /** Default `application/json`. */
  contentType?: string;
  /** When it counts as received (for timestamp checks); default now. */
  receivedAt?: Date;
}

/** A vendor status word the adapter documents and the status it maps to, with a recorded callback that carries it. */
export interface DocumentedStatus {
  /** The vendor's word exactly as it appears in the callback body (the kit swaps it for an unknown word to check nothing is invented). */
  lenderStatus: string;
  status: ApplicationStatus;
  callback: RecordedCallback;
}

/** A recorded answer of the lender's API. */
export interface RecordedAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** The lender's recorded wire: what the kit's stand-in replays and what it expects the adapter to make of it. */
export interface LenderConformanceFixtures {
  callbacks?: {
    /** Authentic recorded callbacks: `authenticate` must accept each (signed with `sign`) and `parse` must understand it. */
    samples: readonly RecordedCallback[];
    /** The lender's authentication headers for any body (API key, HMAC...), so fuzzed bodies get past the door. */
    sign(body: Buffer, receivedAt: Date): Record<string, string>;
    /** Every vendor status the adapter maps (each must map as documented). */
    statuses: readonly DocumentedStatus[];
  };
  submission?: {
    /** The lender's answer to an accepted submission and the id the adapter must read from it. */
    accepted: { answer: RecordedAnswer; lenderAppId: string };
    /** A documented refusal (a 4xx with the vendor's error body). */
    rejected: RecordedAnswer;
    /** The application to submit (default: the kit's SAMPLE_APPLICATION, whose SSN, birth date and income the kit looks for in outcomes). */
    application?: CreditApplication;
  };
  /** For adapters with `submission.lookup`: the answers to "do you have application X?". */
  lookup?: {
    found: { answer: RecordedAnswer; lenderAppId: string };
    notFound: RecordedAnswer;
  };
}

/** What `describeLenderAdapterConformance` needs. */
export interface LenderConformanceOptions {
  adapter: LenderAdapter;
  /** A manifest lender entry for the adapter, as the loader leaves it; the kit points its URLs at the stand-in. */
  lender: LenderConfig;
  /** Secret values by reference name (`{ env: NAME }` or `{ file: PATH }` -> value), for `ctx.secret`. */
  secrets: Readonly<Record<string, string>>;
  fixtures: LenderConformanceFixtures;
  /** Points the lender's URLs at the stand-in; default: `submission.url` = `<standIn>/submit`, `submission.lookupUrl` = `<standIn>/lookup`. */
  pointAt?(lender: LenderConfig, standInUrl: string): LenderConfig;
  /** Seed of the fuzzed inputs (default 20261204); the evidence of a failure names seed and case. */
  seed?: number;
  /** Fuzzed inputs per fuzz rule (default 300). */
  fuzzCases?: number;
  /** The test framework (default: mocha's globals). */
  runner?: TestRunner;
}
