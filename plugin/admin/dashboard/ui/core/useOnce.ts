import { useEffect } from 'preact/hooks';

/** Runs `fn` once, when the calling view is first drawn (its first load). */
export function useOnce(fn: () => void): void {
  useEffect(() => fn(), []);
}
