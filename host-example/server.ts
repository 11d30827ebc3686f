import { pino } from 'pino';
import { readHostConfig } from './hostConfig.js';
import { preflight } from './preflight.js';
import { startHost } from './startHost.js';

/** `npm run host`: the host example alone, no demo traffic. */
async function main(): Promise<void> {
  const config = readHostConfig();
  const problems = await preflight(config.databaseUrl, config.redisUrl);
  if (problems.length) {
    for (const p of problems) console.error(`host-example: ${p}`);
    process.exit(1);
  }
  const logger = pino({ name: 'host-example', level: process.env.LOG_LEVEL ?? 'info' });
  const host = await startHost(config, logger);
  console.log(`host-example listening on ${host.url}  (lendwire: ${host.url}/lendwire/health)`);
  const shutdown = (signal: string) => {
    console.log(`host-example: ${signal}, stopping`);
    host.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`host-example: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
