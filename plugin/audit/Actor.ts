/** Who asks (recorded in the audit log). */
export interface Actor {
  actor: string;
}
