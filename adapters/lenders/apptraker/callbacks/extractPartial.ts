/**
 * Pulls identifiers out of a damaged (e.g. truncated) appTRAKER body, so the
 * raw callback can at least be tied to its application for review. Nothing
 * else is trusted from such a body.
 */
export function extractPartial(text: string): { appNo?: string; appId?: string } {
  const appNo = /"Appno"\s*:\s*"?\s*(\d{1,18})(?:\.0+)?\s*"?\s*[,}\s]/.exec(text)?.[1];
  const appId = /"AppId"\s*:\s*"([A-Za-z0-9][A-Za-z0-9_-]{0,63})"/.exec(text)?.[1];
  return { ...(appNo ? { appNo } : {}), ...(appId ? { appId } : {}) };
}
