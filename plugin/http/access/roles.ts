/** Every role the plugin understands; a principal naming another one is refused (fail closed). */
export const KNOWN_ROLES = ['admin', 'operator', 'viewer', 'dealer'] as const;
export type Role = (typeof KNOWN_ROLES)[number];

/** Staff roles work for the operator of the installation and see every dealer. */
export const STAFF_ROLES: readonly string[] = ['admin', 'operator', 'viewer'];
