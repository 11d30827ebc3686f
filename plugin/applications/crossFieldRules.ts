import type { FieldProblem } from '../errors/index.js';
import { hasValidVinCheckDigit } from './vinCheckDigit.js';

/** Amounts are compared to the cent with this much slack for rounding in dealer systems. */
export const AMOUNT_TOLERANCE = 1.0;
const MIN_AGE_YEARS = 18;
const HISTORY_MONTHS = 24;
const MAX_FIRST_PAYMENT_DAYS = 90;

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date (UTC midnight) or undefined. */
function parseDate(v: unknown): Date | undefined {
  const m = typeof v === 'string' ? DATE.exec(v) : null;
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 ? d : undefined;
}

function ageOn(birth: Date, today: Date): number {
  let age = today.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    today.getUTCMonth() < birth.getUTCMonth() || (today.getUTCMonth() === birth.getUTCMonth() && today.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age--;
  return age;
}

function personRules(person: Json | undefined, at: string, today: Date, out: FieldProblem[]): void {
  if (!person) return;
  const birth = parseDate(person.dateOfBirth);
  if (birth && ageOn(birth, today) < MIN_AGE_YEARS) out.push({ path: `${at}/dateOfBirth`, message: `must be at least ${MIN_AGE_YEARS} years old` });
  if (birth && birth > today) out.push({ path: `${at}/dateOfBirth`, message: 'must not be in the future' });

  const monthsAtAddress = num(obj(person.residence)?.monthsAtAddress);
  if (monthsAtAddress !== undefined && monthsAtAddress < HISTORY_MONTHS && !obj(person.previousResidence)) {
    out.push({ path: `${at}/previousResidence`, message: `is required when monthsAtAddress is under ${HISTORY_MONTHS}` });
  }
  const housing = obj(person.residence)?.housingStatus;
  if ((housing === 'rent' || housing === 'mortgage') && obj(person.residence)?.monthlyPayment === undefined) {
    out.push({ path: `${at}/residence/monthlyPayment`, message: `is required when housingStatus is ${String(housing)}` });
  }
  const monthsWithEmployer = num(obj(person.employment)?.monthsWithEmployer);
  if (monthsWithEmployer !== undefined && monthsWithEmployer < HISTORY_MONTHS && !obj(person.previousEmployment)) {
    out.push({ path: `${at}/previousEmployment`, message: `is required when monthsWithEmployer is under ${HISTORY_MONTHS}` });
  }
}

function vinRule(vin: unknown, path: string, out: FieldProblem[]): void {
  if (typeof vin === 'string' && /^[A-HJ-NPR-Z0-9]{17}$/.test(vin) && !hasValidVinCheckDigit(vin)) {
    out.push({ path, message: 'has a wrong check digit (9th character)' });
  }
}

/** Sum of the deal's parts: what the amount financed should be. Undefined when a needed number is missing. */
export function expectedAmountFinanced(deal: Json): number | undefined {
  const cashPrice = num(deal.cashPrice);
  const downPayment = num(deal.downPayment);
  if (cashPrice === undefined || downPayment === undefined) return undefined;
  const optional = ['rebate', 'netTrade', 'salesTax', 'gap', 'serviceContract'].map((k) => (deal[k] === undefined ? 0 : num(deal[k])));
  if (optional.some((v) => v === undefined)) return undefined;
  const [rebate, netTrade, salesTax, gap, serviceContract] = optional as number[];
  const feeValues = Object.values(obj(deal.fees) ?? {});
  if (feeValues.some((v) => num(v) === undefined)) return undefined;
  const fees = feeValues.reduce<number>((s, v) => s + (v as number), 0);
  return Math.round((cashPrice - rebate - downPayment - netTrade + salesTax + fees + gap + serviceContract) * 100) / 100;
}

/**
 * Rules JSON Schema cannot say (or cannot say clearly). They run even when the
 * schema found problems, on whatever parts are usable, so a dealer sees every
 * problem at once. Paths are relative to the application.
 */
export function crossFieldProblems(application: unknown, today: Date): FieldProblem[] {
  const out: FieldProblem[] = [];
  const app = obj(application);
  if (!app) return out;
  personRules(obj(app.applicant), '/applicant', today, out);
  personRules(obj(app.coApplicant), '/coApplicant', today, out);

  const vehicle = obj(app.vehicle);
  vinRule(vehicle?.vin, '/vehicle/vin', out);
  const year = num(vehicle?.year);
  if (year !== undefined && year > today.getUTCFullYear() + 2) out.push({ path: '/vehicle/year', message: `must not be after ${today.getUTCFullYear() + 2}` });

  const tradeIn = obj(app.tradeIn);
  vinRule(tradeIn?.vin, '/tradeIn/vin', out);
  if (tradeIn && (num(tradeIn.payoff) ?? 0) > 0 && !tradeIn.lienHolder) {
    out.push({ path: '/tradeIn/lienHolder', message: 'is required when the trade-in has a payoff' });
  }

  const deal = obj(app.deal);
  if (!deal) return out;
  const cashPrice = num(deal.cashPrice);
  const downPayment = num(deal.downPayment);
  if (cashPrice !== undefined && downPayment !== undefined && downPayment > cashPrice) {
    out.push({ path: '/deal/downPayment', message: `must not be above the cash price (${cashPrice.toFixed(2)})` });
  }
  const netTrade = num(deal.netTrade);
  if (tradeIn && netTrade !== undefined && num(tradeIn.allowance) !== undefined && num(tradeIn.payoff) !== undefined) {
    const expected = (tradeIn.allowance as number) - (tradeIn.payoff as number);
    if (Math.abs(expected - netTrade) > AMOUNT_TOLERANCE) {
      out.push({ path: '/deal/netTrade', message: `must equal the trade-in allowance minus payoff (${expected.toFixed(2)})` });
    }
  }
  if (!tradeIn && netTrade !== undefined && netTrade !== 0) out.push({ path: '/deal/netTrade', message: 'must be 0 when there is no trade-in' });
  const amountFinanced = num(deal.amountFinanced);
  const expected = expectedAmountFinanced(deal);
  if (amountFinanced !== undefined && expected !== undefined && Math.abs(expected - amountFinanced) > AMOUNT_TOLERANCE) {
    out.push({
      path: '/deal/amountFinanced',
      message: `must match the deal structure: cash price - rebate - down payment - net trade + taxes + fees + GAP + service contract = ${expected.toFixed(2)} (tolerance ${AMOUNT_TOLERANCE.toFixed(2)})`,
    });
  }
  const firstPayment = parseDate(deal.firstPaymentDate);
  if (firstPayment) {
    const todayMidnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
    const days = (firstPayment.getTime() - todayMidnight) / 86_400_000;
    if (days < 0) out.push({ path: '/deal/firstPaymentDate', message: 'must not be in the past' });
    else if (days > MAX_FIRST_PAYMENT_DAYS) out.push({ path: '/deal/firstPaymentDate', message: `must be within ${MAX_FIRST_PAYMENT_DAYS} days` });
  }
  return out;
}
