/** An admin API answer that was not 2xx: the problem+json detail as message, the status to branch on. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The HTTP status of an API failure, if it was one. */
export function statusOf(err: unknown): number | undefined {
  return err instanceof ApiError ? err.status : undefined;
}

/** What to tell the user about a failure. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
