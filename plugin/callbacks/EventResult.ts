/** What applying one normalized callback event did. */
export interface EventResult {
  result: 'applied' | 'unchanged' | 'orphaned' | 'ignored';
  detail: string;
  applicationId?: string;
  lenderAppNo?: string;
  lenderAppId?: string;
  /** Set when a stage-1 link was made: orphans waiting for this number can now be applied. */
  linkedAppNo?: string;
}
