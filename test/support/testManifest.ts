/** A minimal valid manifest; tests spread their own keys over it. */
export function testManifest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'lendwire-test',
    version: '1.0.0',
    hostApi: '^1.0.0',
    lenders: [],
    subscriptions: [],
    crm: [],
    security: { allowInsecureHttp: true, ssrfAllowlist: ['127.0.0.1/32', '::1/128'] },
    ...overrides,
  };
}
