import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { startApptrakerSandbox, type ApptrakerSandbox } from './apptrakerSandbox.js';
import { startBrokerSimulator, type BrokerSimulator } from './brokerSimulator.js';
import { startFakeHubspot, type FakeHubspot } from './fakeHubspot.js';
import { startSampleReceiver, type SampleReceiver } from '../receiver/sampleReceiver.js';
import { startSftpPartner, type SftpPartner, type SftpPartnerOptions } from './sftpPartner.js';

interface ManifestShape {
  lenders?: { id: string; adapter: string; submission?: { url?: string }; credentials?: { apiKey?: { file?: string } }; callbacks?: { apiKey?: { file?: string }; secret?: { file?: string } } }[];
  subscriptions?: { id: string; url: string; secret?: { file?: string } }[];
  crm?: { id: string; adapter: string; baseUrl?: string; credentials?: { accessToken?: { file?: string } } }[];
}

export interface Simulators {
  sandbox: ApptrakerSandbox;
  broker: BrokerSimulator;
  crm: FakeHubspot;
  receiver: SampleReceiver;
  /** The SFTP partner's server, when `options.sftp` asked for one. */
  sftp: SftpPartner | null;
  /** Ids from the manifest the simulators stand in for. */
  ids: { apptrakerLender: string; brokerLender: string | null; crm: string; subscription: string };
  close(): Promise<void>;
}

function portOf(url: string | undefined, what: string): number {
  if (!url) throw new Error(`the manifest has no URL for ${what}`);
  return Number(new URL(url).port);
}

/**
 * Starts every stand-in the demo needs on the ports the manifest points at:
 * the appTRAKER sandbox (first `apptraker` lender), the broker simulator, a
 * fake HubSpot (first `hubspot` CRM with a local baseUrl) and the sample
 * webhook receiver (the subscription whose URL is on 127.0.0.1). Keys and
 * secrets are read from the same files the manifest names, so both sides agree.
 * With `sftp`, also an SFTP partner's server (not in the manifest: the demo adds
 * its subscription at run time, see addSftpPartner.ts). `close()` stops them all.
 */
export async function startSimulators(
  manifestPath: string,
  options: { paceMs: number; log: (line: string) => void; brokerOutcomeAfterMs?: number; sftp?: SftpPartnerOptions },
): Promise<Simulators> {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ManifestShape;
  const base = dirname(manifestPath);
  const secret = (file: string | undefined, what: string) => {
    if (!file) throw new Error(`the manifest gives no { "file" } secret for ${what}`);
    return readFileSync(resolve(base, file), 'utf8').trim();
  };
  const lender = manifest.lenders?.find((l) => l.adapter === 'apptraker');
  const brokerLender = manifest.lenders?.find((l) => l.adapter === 'broker');
  const crmTarget = manifest.crm?.find((c) => c.adapter === 'hubspot' && c.baseUrl?.startsWith('http://127.0.0.1'));
  const subscription = manifest.subscriptions?.find((s) => s.url.startsWith('http://127.0.0.1'));
  if (!lender || !crmTarget || !subscription) throw new Error('the demo needs an apptraker lender, a hubspot CRM on 127.0.0.1 and a subscription on 127.0.0.1 in the manifest');

  const started: { close(): Promise<void> }[] = [];
  try {
    const sandbox = await startApptrakerSandbox({
      port: portOf(lender.submission?.url, `lender ${lender.id}`),
      apiKey: secret(lender.credentials?.apiKey?.file, `lender ${lender.id} credentials.apiKey`),
      callbackApiKey: secret(lender.callbacks?.apiKey?.file, `lender ${lender.id} callbacks.apiKey`),
      lenderName: lender.id,
      paceMs: options.paceMs,
      log: options.log,
    });
    started.push(sandbox);
    const crm = await startFakeHubspot({ port: portOf(crmTarget.baseUrl, `crm ${crmTarget.id}`), accessToken: secret(crmTarget.credentials?.accessToken?.file, `crm ${crmTarget.id}`), log: options.log });
    started.push(crm);
    const receiver = await startSampleReceiver({ port: portOf(subscription.url, `subscription ${subscription.id}`), secret: secret(subscription.secret?.file, `subscription ${subscription.id}`), print: options.log });
    started.push(receiver);
    const broker = await startBrokerSimulator({
      secret: brokerLender ? secret(brokerLender.callbacks?.secret?.file, `lender ${brokerLender.id}`) : 'unused',
      // Where lendwire opens sessions (the lender's submission.url), when the manifest gives one.
      ...(brokerLender?.submission?.url ? { port: portOf(brokerLender.submission.url, `lender ${brokerLender.id}`) } : {}),
      paceMs: options.paceMs,
      ...(options.brokerOutcomeAfterMs ? { outcomeAfterMs: options.brokerOutcomeAfterMs } : {}),
      log: options.log,
    });
    started.push(broker);
    const sftp = options.sftp ? await startSftpPartner(options.sftp) : null;
    if (sftp) started.push(sftp);
    return {
      sandbox,
      broker,
      crm,
      receiver,
      sftp,
      ids: { apptrakerLender: lender.id, brokerLender: brokerLender?.id ?? null, crm: crmTarget.id, subscription: subscription.id },
      async close() {
        for (const s of started.reverse()) await s.close();
      },
    };
  } catch (err) {
    for (const s of started.reverse()) await s.close().catch(() => undefined);
    throw err;
  }
}
