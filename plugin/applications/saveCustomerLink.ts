import type { Knex } from 'knex';
import type { CustomerLink } from '../sdk/CustomerJourney.js';

/**
 * Keeps an application's newest customer link (URL and rendered SMS), in the
 * caller's transaction, so the reactivation playbook can remind the customer
 * with the same link. Both ways a link arrives use it: the broker's answer to
 * a journey lendwire opened, and its `customer_link_ready` webhook.
 */
export async function saveCustomerLink(trx: Knex.Transaction, schema: string, applicationId: string, link: CustomerLink): Promise<void> {
  await trx
    .withSchema(schema)
    .table('customer_links')
    .insert({ application_id: applicationId, url: link.url, sms: JSON.stringify(link.sms), ready_at: trx.fn.now() })
    .onConflict('application_id')
    .merge();
}
