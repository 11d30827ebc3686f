/** `fn` run once, `ms` after the last of a burst of calls; `cancel()` drops a pending run. */
export function debounced(ms: number, fn: () => void): (() => void) & { cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const call = () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
    timer.unref();
  };
  return Object.assign(call, { cancel: () => clearTimeout(timer) });
}
