import { readBoundedBody, type ResponseBody } from './readBoundedBody.js';
import { storedVendorText, VENDOR_TEXT_LIMIT } from './storedVendorText.js';

/**
 * The excerpt of a response body for the attempt log: at most `limitBytes`
 * read (the rest dropped), as storedVendorText keeps it. A body that fails
 * mid-read gives an empty excerpt: the status already says what the answer was.
 */
export async function readExcerpt(body: ResponseBody, limitBytes = VENDOR_TEXT_LIMIT): Promise<string> {
  try {
    return storedVendorText(await readBoundedBody(body, limitBytes), limitBytes);
  } catch {
    return '';
  }
}
