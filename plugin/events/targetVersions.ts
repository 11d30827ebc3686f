/**
 * Target kind -> version of its targets (`target_versions`, migrations/20261205000200_target_versions.ts)
 * as of one snapshot. Versions are bigints, carried as decimal text.
 */
export type TargetVersions = Record<string, string>;

/** Every kind's version as a JSON object, as a SQL expression read in the statement's snapshot; its one binding is the schema. */
export const TARGET_VERSIONS_SQL = '(SELECT json_object_agg(kind, version::text) FROM ??.target_versions)';

/** Whether `version` is `than` or later. */
export function isAtLeast(version: string, than: string): boolean {
  return BigInt(version) >= BigInt(than);
}

/** Per kind, the newest of `all`: targets loaded at it (or later) are right for every snapshot they came from. */
export function newestVersions(all: readonly TargetVersions[]): TargetVersions {
  const newest: TargetVersions = {};
  for (const versions of all) {
    for (const [kind, version] of Object.entries(versions)) if (newest[kind] === undefined || !isAtLeast(newest[kind], version)) newest[kind] = version;
  }
  return newest;
}
