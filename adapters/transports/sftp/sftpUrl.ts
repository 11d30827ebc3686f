/** Host and port of an `sftp://host[:port]` URL (port 22 by default), or why it is not one. */
export function parseSftpUrl(text: string): { host: string; port: number } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'is not a valid absolute URL' };
  }
  if (url.protocol !== 'sftp:') return { problem: `uses ${url.protocol.replace(/:$/, '')}; the sftp transport takes sftp://host[:port]` };
  if (url.username || url.password) return { problem: 'must not carry credentials; put username and a password or privateKey secret reference in transportSettings' };
  if (!url.hostname) return { problem: 'has no host' };
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) return { problem: 'must be sftp://host[:port] only; where files go is transportSettings.pathTemplate' };
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : 22 };
}
