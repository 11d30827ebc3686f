/** What the toast shows and whether it is up. */
export interface ToastState {
  message: string;
  shown: boolean;
}

const SHOWN_FOR_MS = 4000;
let state: ToastState = { message: '', shown: false };
let hideTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<(s: ToastState) => void>();

function publish(next: ToastState): void {
  state = next;
  listeners.forEach((l) => l(state));
}

/** Shows a short message in the corner for a few seconds (a later one replaces it and restarts the clock). */
export function toast(message: string): void {
  publish({ message, shown: true });
  clearTimeout(hideTimer);
  hideTimer = setTimeout(() => publish({ message: state.message, shown: false }), SHOWN_FOR_MS);
}

/** Follows the toast; returns the way to stop. */
export function watchToast(listener: (s: ToastState) => void): () => void {
  listeners.add(listener);
  listener(state);
  return () => listeners.delete(listener);
}
