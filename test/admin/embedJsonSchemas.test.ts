import { expect } from 'chai';
import { embedJsonSchemas } from '../../plugin/admin/openapi/embedJsonSchemas.js';

describe('embedJsonSchemas (JSON Schema files -> OpenAPI components)', () => {
  const order = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://example.test/order.json',
    type: 'object',
    properties: { buyer: { $ref: '#/$defs/person' }, seller: { $ref: 'https://example.test/order.json#/$defs/person' }, parent: { $ref: '#' } },
    $defs: { person: { type: 'object', properties: { home: { $ref: '#/$defs/postalAddress' } } }, postalAddress: { type: 'string' } },
  };

  it('hoists $defs to components of their own and rewrites local, $id-scoped and cross-file references', () => {
    const out = embedJsonSchemas({ Order: order, Envelope: { $id: 'https://example.test/envelope.json', properties: { order: { $ref: 'order.json' }, who: { $ref: 'https://example.test/order.json#/$defs/person' } } } });
    expect(Object.keys(out).sort()).to.deep.equal(['Envelope', 'Order', 'Person', 'PostalAddress']);
    expect(out.Order).to.deep.equal({
      type: 'object',
      properties: { buyer: { $ref: '#/components/schemas/Person' }, seller: { $ref: '#/components/schemas/Person' }, parent: { $ref: '#/components/schemas/Order' } },
    });
    expect(out.Person).to.deep.equal({ type: 'object', properties: { home: { $ref: '#/components/schemas/PostalAddress' } } });
    expect(out.Envelope).to.deep.equal({ properties: { order: { $ref: '#/components/schemas/Order' }, who: { $ref: '#/components/schemas/Person' } } });
  });

  it('leaves its input untouched', () => {
    const before = JSON.stringify(order);
    embedJsonSchemas({ Order: order });
    expect(JSON.stringify(order)).to.equal(before);
  });

  it('refuses what it cannot place instead of emitting a dangling reference', () => {
    expect(() => embedJsonSchemas({ A: { properties: { x: { $ref: 'https://elsewhere.test/x.json' } } } })).to.throw(/A\/properties\/x: cannot embed the reference/);
    expect(() => embedJsonSchemas({ A: { properties: { x: { $ref: '#/properties/y' } } } })).to.throw(/only a whole schema or one of its \$defs/);
    expect(() => embedJsonSchemas({ A: { properties: { x: { $ref: '#/$defs/missing' } } } })).to.throw(/cannot embed/);
    expect(() => embedJsonSchemas({ A: { properties: { x: { $id: 'inner', type: 'string' } } } })).to.throw(/nested \$id/);
    expect(() => embedJsonSchemas({ Person: { type: 'string' }, Order: order })).to.throw(/Two schemas would be the component "Person"/);
  });
});
