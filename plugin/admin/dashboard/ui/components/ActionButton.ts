import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { useSession } from '../core/session.js';

/** Props of an ActionButton. */
export interface ActionButtonProps {
  label: string;
  /** `data-action`; by default the label in kebab case ("Send test" -> `send-test`). */
  action?: string;
  className?: string;
  /** The action; resolving `false` means the user cancelled it. Failures are reported through the session. */
  run: () => Promise<boolean | void>;
  /** Stays disabled once the action went through (the view redraws it), instead of coming back at once. */
  once?: boolean;
}

/** A button that runs one admin action and is disabled while it runs. */
export function ActionButton({ label, action, className = 'secondary', run, once = false }: ActionButtonProps) {
  const session = useSession();
  const [busy, setBusy] = useState(false);
  async function click() {
    setBusy(true);
    let done = false;
    try {
      done = (await run()) !== false;
    } catch (err) {
      session.failed(err);
    } finally {
      if (!(once && done)) setBusy(false);
    }
  }
  return html`<button class=${className} data-action=${action ?? label.toLowerCase().replace(/\W+/g, '-')} disabled=${busy} onClick=${click}>${label}</button>`;
}
