/**
 * A classified SFTP failure: `E_HOST_KEY` (the server's key is not pinned) and
 * `E_AUTH` (credentials refused) are permanent; `E_EXISTS` (a different file
 * already has the final name) too; `E_SFTP` (the server refused an operation)
 * and the outbound kit's network codes are retryable (E_SSRF excepted).
 */
export class SftpFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SftpFailure';
  }
}
