/** `text` with every [from, to] pair replaced, in order (every occurrence of each). */
export function applyReplacements(text: string, pairs: readonly (readonly [string, string])[]): string {
  return pairs.reduce((t, [from, to]) => t.replaceAll(from, to), text);
}
