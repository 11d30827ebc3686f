/**
 * A customer journey (see customerJourney.schema.json, which is authoritative):
 * what a dealer gives a broker so the customer can finish the finance
 * application themselves through a link. No SSN, date of birth or income: the
 * broker asks the customer.
 */
export interface CustomerJourney {
  applicant: { firstName: string; lastName: string; email?: string; mobilePhone: string };
  project: {
    /** Total price of the project (e.g. solar panels and battery), in the retailer's currency. */
    value: number;
    /** What the customer pays up front. */
    deposit: number;
    /** The retailer's product code, e.g. `panels_battery`. */
    product: string;
  };
}

/** What a dealer (or an in-process host) asks lendwire to open with a broker lender. */
export interface OpenJourneyInput {
  lenderId: string;
  dealerId: string;
  externalRef?: string;
  journey: CustomerJourney;
}

/** The link the customer finishes the journey with, and the SMS that carries it (rendered, ready to send). */
export interface CustomerLink {
  url: string;
  sms: { to: string | null; text: string | null; missingPlaceholders?: string[] };
}
