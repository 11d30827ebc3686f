import { pino } from 'pino';
import { readHostConfig } from './hostConfig.js';
import { preflight } from './preflight.js';
import { startHost, type RunningHost } from './startHost.js';
import { startSimulators, type Simulators } from './simulators/startSimulators.js';
import { DEMO_APPLICATION } from './simulators/demoApplication.js';
import { checkFaults } from './simulators/faults.js';
import { addBatchFilePartner, allowDemoBatchDirectory, DEMO_BATCH_DIRECTORY } from './addBatchFilePartner.js';

/**
 * `npm start`: the host example with lendwire, the appTRAKER sandbox, a fake
 * HubSpot and the sample webhook receiver, plus demo traffic (one application
 * approved through to funded, one declined, one with malformed callbacks), and a
 * batch-file partner writing JSON Lines files to host-example/out/batches/.
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
    const application = structuredClone(DEMO_APPLICATION) as { applicant: { lastName: string } };
    application.applicant.lastName = s.lastName;
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

/** One line of counts, refreshed while the demo runs. */
async function progress(host: RunningHost, sims: Simulators, ids: string[]): Promise<{ line: string; fundedWebhook: boolean; crmCalled: boolean }> {
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
    ` | callbacks sent ${sims.sandbox.callbacks.length} | webhooks received ${sims.receiver.received.length} | CRM calls ${sims.crm.calls.filter((c) => c.method !== 'GET').length}`;
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
  say(`  OpenAPI            ${host.url}/lendwire/openapi.json`);
  say(`  health / metrics   ${host.url}/lendwire/health   ${host.url}/lendwire/metrics`);
  say(`  lender sandbox     ${sims.sandbox.url}/sandbox/state   (faults: POST ${sims.sandbox.url}/sandbox/faults)`);
  say(`  webhook receiver   ${sims.receiver.webhookUrl}   fake HubSpot calls: ${sims.crm.url}/__calls`);
  say(`  batch files        ${DEMO_BATCH_DIRECTORY}   (a batch-file partner: JSON Lines + .sha256.json every 10 s)`);
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
  const sims = await startSimulators(config.manifestPath, { paceMs, log: say });
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
    host = await startHost(config, pino({ name: 'host-example', level: process.env.LOG_LEVEL ?? 'warn' }));
  } catch (err) {
    await sims.close();
    throw err;
  }
  const lenderId = sims.ids.apptrakerLender;
  sims.sandbox.setCallbackUrl(`${host.url}/lendwire/callbacks/${lenderId}`);
  if (sims.ids.brokerLender) sims.broker.setCallbackUrl(`${host.url}/lendwire/callbacks/${sims.ids.brokerLender}`);
  await addBatchFilePartner(host.lendwire);
  whereToLook(host, sims);

  const dealerId = config.users[DEMO_DEALER_TOKEN]?.dealerIds[0] ?? 'dealer-100';
  const ids = await submitAll(host, lenderId, dealerId);
  let last = '';
  let announced = false;
  const tick = setInterval(() => {
    void progress(host, sims, ids).then(
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
