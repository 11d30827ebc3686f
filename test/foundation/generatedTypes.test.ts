import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { GENERATED, generatedSource } from '../../scripts/generateTypes.js';

describe('types generated from JSON Schemas', () => {
  for (const entry of GENERATED) {
    it(`${entry.output} is what ${entry.schema} generates (run npm run generate:types after changing the schema)`, async function () {
      this.timeout(20_000);
      expect(readFileSync(entry.output, 'utf8'), `${entry.output} is stale`).to.equal(await generatedSource(entry));
    });
  }
});
