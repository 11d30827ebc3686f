/**
 * A valid canonical credit application (from the shared fixtures) the demo
 * submits; the applicant's last name picks the sandbox scenario.
 */
export const DEMO_APPLICATION: Record<string, unknown> = {
  "transactionType": "retail",
  "consent": {
    "creditPull": true,
    "consentedAt": "2026-11-20T15:04:05Z",
    "ipAddress": "203.0.113.7"
  },
  "applicant": {
    "firstName": "Aisha",
    "middleName": "N",
    "lastName": "Rahman",
    "suffix": null,
    "ssn": "123-45-6789",
    "dateOfBirth": "1988-04-12",
    "email": "aisha.rahman@example.com",
    "phone": "+1-214-555-0147",
    "mobilePhone": "+1-214-555-0148",
    "driversLicense": {
      "number": "D1234567",
      "state": "TX"
    },
    "maritalStatus": "married",
    "residence": {
      "address": {
        "line1": "4100 Elm St",
        "line2": "Apt 12",
        "city": "Dallas",
        "state": "TX",
        "postalCode": "75204"
      },
      "housingStatus": "rent",
      "monthlyPayment": 1450.0,
      "monthsAtAddress": 18
    },
    "previousResidence": {
      "address": {
        "line1": "88 Oak Ave",
        "city": "Plano",
        "state": "TX",
        "postalCode": "75074"
      },
      "monthsAtAddress": 40
    },
    "employment": {
      "status": "employed",
      "type": "full_time",
      "employerName": "North Texas Medical Center",
      "jobTitle": "Registered Nurse",
      "employerPhone": "+1-214-555-0100",
      "monthsWithEmployer": 30,
      "grossMonthlyIncome": 6800.0
    },
    "previousEmployment": null,
    "otherIncome": [
      {
        "source": "part-time clinic shifts",
        "monthlyAmount": 600.0
      }
    ]
  },
  "coApplicant": null,
  "vehicle": {
    "vin": "1HGCV1F37LA012345",
    "year": 2020,
    "make": "Honda",
    "model": "Accord",
    "trim": "Sport",
    "mileage": 38210,
    "condition": "used",
    "bookValue": 21500.0,
    "msrp": null
  },
  "tradeIn": {
    "vin": "2T1BURHE9FC123456",
    "year": 2015,
    "make": "Toyota",
    "model": "Corolla",
    "mileage": 112400,
    "allowance": 6500.0,
    "payoff": 2100.0,
    "lienHolder": "Ally Financial",
    "monthlyPayment": 245.0
  },
  "deal": {
    "cashPrice": 23995.0,
    "rebate": 0,
    "downPayment": 2500.0,
    "netTrade": 4400.0,
    "salesTax": 1499.69,
    "fees": {
      "doc": 150.0,
      "registration": 95.0
    },
    "gap": 795.0,
    "serviceContract": 1895.0,
    "amountFinanced": 21529.69,
    "termMonths": 72,
    "requestedApr": 7.49,
    "estimatedPayment": 372.1,
    "firstPaymentDate": "2026-12-20"
  }
};
