/**
 * The port applications use to ask for a submission: the submissions feature
 * implements it (its queue) and binds it, so applications never import submissions.
 * Asking twice for one application is harmless.
 */
export interface SubmissionRequests {
  enqueue(applicationId: string, correlationId?: string): Promise<void>;
}
