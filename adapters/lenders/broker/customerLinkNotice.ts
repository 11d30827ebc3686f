import type { CustomerLink, LenderConfig } from '../../../plugin/index.js';
import { renderSmsTemplate } from './renderSmsTemplate.js';

/** The SMS the broker sends when neither its webhook nor the manifest (`options.smsTemplate`) gives one. */
export const DEFAULT_SMS_TEMPLATE = "Hi {{firstName}}, here's your finance link from {{retailerName}}: {{url}}";

/** Who the link is for, as the broker or the dealer named them. */
export interface LinkRecipient {
  firstName: string | null;
  lastName: string | null;
  mobile: string | null;
  /** The retailer's name from the broker's message, if it carried one. */
  retailerName: string | null;
}

function text(v: unknown, max: number): string | null {
  return typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null;
}

/** The retailer's name for `{{retailerName}}`: the broker's, else the manifest's (`options`, then `callbacks`), else the lender's name. */
export function retailerNameOf(lender: LenderConfig, fromBroker: string | null): string | null {
  const options = (lender.options ?? {}) as Record<string, unknown>;
  return fromBroker ?? text(options.retailerName, 200) ?? text(lender.callbacks?.retailerName, 200) ?? lender.name ?? null;
}

/**
 * The customer link with its SMS rendered (`{{firstName}}`, `{{lastName}}`,
 * `{{retailerName}}`, `{{url}}`), and what is missing for it to be sent. One
 * rendering for both ways a link arrives: the broker's answer to a session
 * lendwire opened, and its `customer_link_ready` webhook.
 */
export function customerLinkNotice(url: string, template: string | null, who: LinkRecipient, lender: LenderConfig): { link: CustomerLink; problems: string[] } {
  const sms = template ? renderSmsTemplate(template, { firstName: who.firstName, lastName: who.lastName, retailerName: retailerNameOf(lender, who.retailerName), url }) : null;
  const problems = [...(sms?.missing.length ? [`SMS template placeholders without a value: ${sms.missing.join(', ')}`] : []), ...(!who.mobile ? ['no mobile number'] : []), ...(!template ? ['no smsTemplate'] : [])];
  return { link: { url, sms: { to: who.mobile, text: sms?.text ?? null, ...(sms?.missing.length ? { missingPlaceholders: sms.missing } : {}) } }, problems };
}
