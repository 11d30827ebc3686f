import { pino } from 'pino';
import { readHostConfig } from './hostConfig.js';
import { preflight } from './preflight.js';
import { startHost, type RunningHost } from './startHost.js';
import { startSimulators, type Simulators } from './simulators/startSimulators.js';
import { DEMO_APPLICATION } from './simulators/demoApplication.js';
import { checkFaults } from './simulators/faults.js';
import { isoDateInDays } from '../plugin/kernel/isoDate.js';
import { addBatchFilePartner, allowDemoBatchDirectory, DEMO_BATCH_DIRECTORY } from './addBatchFilePartner.js';
import { addSftpPartner, demoSftpPartnerOptions, DEMO_SFTP_DIRECTORY } from './addSftpPartner.js';

/**
 * `npm start`: the host example with lendwire, the appTRAKER sandbox, a fake
 * HubSpot and the sample webhook receiver, plus demo traffic (one application
 * approved through to funded, one declined, one with malformed callbacks), and
 * one broker journey (customer link -> idle reminder -> selected) at the demo's
 * pace (the example manifest compresses the reactivation playbook to seconds), a
 * batch-file partner writing JSON Lines files to host-example/out/batches/, and an
 * SFTP partner (an in-process ssh2 server on 127.0.0.1:4050) receiving each event
 * as a JSON file in host-example/out/sftp/inbox/.
 *
 * DEMO_PACE_MS: time between two lender callbacks (default 2000).
 * DEMO_DURATION_MS: stop after this long (default: run until Ctrl-C).
 * DEMO_FAULTS: lender faults as JSON probabilities, e.g. '{"duplicate":0.3,"outOfOrder":0.5}'.
 */
const DEMO_DEALER_TOKEN = 'demo-dealer-token';
const SCENARIOS = [
  { lastName: 'Rahman', ref: 'DEMO-FUNDED', expect: 'approved, booked and funded' },
  { lastName: 'Decline', ref: 'DEMO-DECLINED', expect: 'declined with reasons' },
  { lastName: 'Garble', ref: 'DEMO-MALFORMED', expect: 'malformed callbacks -> review queue' },
];

const say = (line: string) => console.log(line);

async function submitAll(host: RunningHost, lenderId: string, dealerId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const s of SCENARIOS) {
    const application = structuredClone(DEMO_APPLICATION) as { applicant: { lastName: string }; deal: { firstPaymentDate: string } };
    application.applicant.lastName = s.lastName;
    // lendwire refuses a first payment date in the past: the demo's moves with today.
    application.deal.firstPaymentDate = isoDateInDays(20);
    const res = await fetch(`${host.url}/lendwire/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_DEALER_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': `${s.ref}-${Date.now()}` },
      body: JSON.stringify({ lenderId, dealerId, externalRef: s.ref, application }),
    });
    const body = (await res.json()) as { id?: string; detail?: string; errors?: unknown };
    if (res.status !== 202 || !body.id) throw new Error(`submitting ${s.ref} failed: HTTP ${res.status} ${JSON.stringify(body)}`);
    say(`demo: submitted ${s.ref} as ${body.id} (${s.expect})`);
    ids.push(body.id);
  }
  return ids;
}

/** The broker's customer picks an offer this long after the link (after the manifest's 10 s reminder). */
const BROKER_OUTCOME_AFTER_MS = 15_000;

/** Opens one broker journey through the dealer API (link -> idle reminder -> selected). */
async function openBrokerJourney(host: RunningHost, lenderId: string, dealerId: string): Promise<string> {
  const res = await fetch(`${host.url}/lendwire/applications`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEMO_DEALER_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': `DEMO-BROKER-${Date.now()}` },
    body: JSON.stringify({
      lenderId,
      dealerId,
      externalRef: 'DEMO-BROKER',
      journey: { applicant: { firstName: 'Aisha', lastName: 'Rahman', mobilePhone: '+447700900123' }, project: { value: 14000, deposit: 1500, product: 'panels_battery' } },
    }),
  });
  const body = (await res.json()) as { id?: string };
  if (res.status !== 202 || !body.id) throw new Error(`opening the broker journey failed: HTTP ${res.status} ${JSON.stringify(body)}`);
  say(`demo: opened broker journey DEMO-BROKER as ${body.id} (customer link, reminder after 10 s of quiet, then the customer selects an offer)`);
  return body.id;
}

/** What the broker journey went through so far: its status and the journey events in the outbox. */
async function brokerProgress(host: RunningHost, id: string | null): Promise<string> {
  if (!id) return '';
  const schema = process.env.LENDWIRE_SCHEMA || 'lendwire';
  const row = await host.knex.withSchema(schema).table('applications').where({ id }).first('status');
  const events = (await host.knex
    .withSchema(schema)
    .table('outbox')
    .where({ application_id: id })
    .whereIn('type', ['customer_link.ready', 'customer_link.reminder_due', 'application.reactivation_due', 'application.stale'])
    .orderBy('id')
    .pluck('type')) as string[];
  const short = events.map((t) => ({ 'customer_link.ready': 'link', 'customer_link.reminder_due': 'reminder', 'application.reactivation_due': 'call-task', 'application.stale': 'stale' })[t] ?? t);
  return ` | broker=${row?.status ?? '-'} (${short.join(' -> ') || 'opening'})`;
}

/** One line of counts, refreshed while the demo runs. */
async function progress(host: RunningHost, sims: Simulators, ids: string[], brokerId: string | null): Promise<{ line: string; fundedWebhook: boolean; crmCalled: boolean }> {
  const schema = process.env.LENDWIRE_SCHEMA || 'lendwire';
  const rows = ids.length ? await host.knex.withSchema(schema).table('applications').whereIn('id', ids).select('id', 'status') : [];
  const statusOf = (i: number) => rows.find((r: { id: string }) => r.id === ids[i])?.status ?? '-';
  const fundedWebhook = sims.receiver.received.some((r) => r.data.applicationId === ids[0] && r.data.status === 'funded');
  // The CRM sync of the funded status itself, answered by the (fake) CRM.
  const crmCalled = Boolean(
    await host.knex
      .withSchema(schema)
      .table('deliveries as d')
      .join('outbox as o', 'o.id', 'd.outbox_id')
      .where({ 'd.application_id': ids[0], 'd.target_kind': 'crm', 'd.target_id': sims.ids.crm, 'd.status': 'succeeded' })
      .whereRaw(`o.payload->>'status' = 'funded'`)
      .first('d.id'),
  );
  const line =
    `demo: ${SCENARIOS.map((s, i) => `${s.ref.replace('DEMO-', '').toLowerCase()}=${statusOf(i)}`).join(' ')}` +
    ` | callbacks sent ${sims.sandbox.callbacks.length} | webhooks received ${sims.receiver.received.length} | CRM calls ${sims.crm.calls.filter((c) => c.method !== 'GET').length}` +
    (sims.sftp ? ` | SFTP files ${sims.sftp.received.length}` : '') +
    (await brokerProgress(host, brokerId));
  return { line, fundedWebhook, crmCalled };
}

function whereToLook(host: RunningHost, sims: Simulators): void {
  const dash = `${host.url}/lendwire/admin/`;
  say('');
  say('demo: ready. Where to look:');
  say(`  dashboard          ${dash}?token=demo-operator-token`);
  say('  demo tokens        demo-admin-token (admin, may reveal PII), demo-operator-token (replay, re-process),');
  say('                     demo-viewer-token (read only), demo-dealer-token (dealer-100 only)');
  say(`  dealer API         curl -H 'authorization: Bearer demo-dealer-token' ${host.url}/lendwire/applications`);
  say(`  OpenAPI            ${host.url}/lendwire/openapi.json   (as a page: ${host.url}/lendwire/docs)`);
  say(`  health / metrics   ${host.url}/lendwire/health   ${host.url}/lendwire/metrics`);
  say(`  lender sandbox     ${sims.sandbox.url}/sandbox/state   (faults: POST ${sims.sandbox.url}/sandbox/faults)`);
  say(`  webhook receiver   ${sims.receiver.webhookUrl}   fake HubSpot calls: ${sims.crm.url}/__calls`);
  say(`  batch files        ${DEMO_BATCH_DIRECTORY}   (a batch-file partner: JSON Lines + .sha256.json every 10 s)`);
  if (sims.sftp) say(`  SFTP partner       ${sims.sftp.url} (user ${sims.sftp.username}, host key ${sims.sftp.hostKeySha256}): one JSON file per event in ${DEMO_SFTP_DIRECTORY}/inbox/`);
  say('');
}

async function main(): Promise<void> {
  const config = readHostConfig();
  const problems = await preflight(config.databaseUrl, config.redisUrl);
  if (problems.length) {
    for (const p of problems) console.error(`demo: ${p}`);
    process.exit(1);
  }
  const paceMs = Number(process.env.DEMO_PACE_MS ?? 2000);
  const durationMs = process.env.DEMO_DURATION_MS ? Number(process.env.DEMO_DURATION_MS) : undefined;
  const sims = await startSimulators(config.manifestPath, { paceMs, log: say, brokerOutcomeAfterMs: BROKER_OUTCOME_AFTER_MS, sftp: demoSftpPartnerOptions(say) });
  if (process.env.DEMO_FAULTS) {
    const checked = checkFaults(JSON.parse(process.env.DEMO_FAULTS));
    if (checked.problems.length) {
      await sims.close();
      throw new Error(`DEMO_FAULTS: ${checked.problems.join('; ')}`);
    }
    sims.sandbox.setFaults(checked.faults);
    say(`demo: lender faults on: ${JSON.stringify(checked.faults)}`);
  }
  let host: RunningHost;
  try {
    allowDemoBatchDirectory();
    // The idle / playbook scan every 2 s, so the compressed playbook shows at the demo's pace.
    host = await startHost(config, pino({ name: 'host-example', level: process.env.LOG_LEVEL ?? 'warn' }), { idle: { scanEveryMs: 2000 } });
  } catch (err) {
    await sims.close();
    throw err;
  }
  const lenderId = sims.ids.apptrakerLender;
  sims.sandbox.setCallbackUrl(`${host.url}/lendwire/callbacks/${lenderId}`);
  if (sims.ids.brokerLender) sims.broker.setCallbackUrl(`${host.url}/lendwire/callbacks/${sims.ids.brokerLender}`);
  await addBatchFilePartner(host.lendwire);
  if (sims.sftp) await addSftpPartner(host.lendwire, sims.sftp);
  whereToLook(host, sims);

  const dealerId = config.users[DEMO_DEALER_TOKEN]?.dealerIds[0] ?? 'dealer-100';
  const ids = await submitAll(host, lenderId, dealerId);
  const brokerId = sims.ids.brokerLender ? await openBrokerJourney(host, sims.ids.brokerLender, dealerId) : null;
  let last = '';
  let announced = false;
  const tick = setInterval(() => {
    void progress(host, sims, ids, brokerId).then(
      (p) => {
        if (p.line !== last) say(p.line);
        last = p.line;
        if (p.fundedWebhook && p.crmCalled && !announced) {
          announced = true;
          say(`demo: done: ${ids[0]} is funded, its webhook reached the sample receiver and the CRM was updated. Keep exploring, Ctrl-C to stop.`);
        }
      },
      (err: unknown) => say(`demo: progress unavailable (${(err as Error).message})`),
    );
  }, 1000);

  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(tick);
    say(`demo: ${why}, stopping`);
    await host.stop().catch((err: unknown) => console.error(err));
    await sims.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  if (durationMs) setTimeout(() => void stop(`ran for ${durationMs} ms`), durationMs);
}

main().catch((err: unknown) => {
  console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
