import { useEffect, useRef } from 'preact/hooks';

/** Runs the latest `fn` every `ms` while the calling view is shown (leaving the view stops it). */
export function useEvery(ms: number, fn: () => void): void {
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    const timer = setInterval(() => latest.current(), ms);
    return () => clearInterval(timer);
  }, [ms]);
}
