import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** Installs Debian's chromium through the project's own script when it is missing (fresh CI machines). */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  execFileSync('bash', [join(ROOT, 'test', 'support', 'ensure-chromium.sh')], { stdio: 'inherit', timeout: 10 * 60_000 });
}

export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const screenshotPath = (name: string) => join(ARTIFACTS, `dashboard-${name}.png`);
