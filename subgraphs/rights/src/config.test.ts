import { loadRightsConfig } from './config';

const production = { NODE_ENV: 'production', PLAYBACK_SIGNING_SECRET: 'x'.repeat(32) };

describe('rights configuration', () => {
  it('production refuses to start on the simulated payment provider unless it is chosen explicitly', () => {
    expect(() => loadRightsConfig(production)).toThrow(/PAYMENT_PROVIDER: required in production.*PAYMENT_PROVIDER=simulated/);
    expect(loadRightsConfig({ ...production, PAYMENT_PROVIDER: 'simulated' }).PAYMENT_PROVIDER).toBe('simulated');
  });

  it('the simulated provider’s faults are for tests only', () => {
    expect(() => loadRightsConfig({ ...production, PAYMENT_PROVIDER: 'simulated', PAYMENT_SIMULATED_FAULTS: 'true' })).toThrow(/PAYMENT_SIMULATED_FAULTS/);
    expect(loadRightsConfig({ NODE_ENV: 'test', PAYMENT_SIMULATED_FAULTS: 'true' }).PAYMENT_SIMULATED_FAULTS).toBe(true);
  });

  it('outside production the simulated provider is the default', () => {
    expect(loadRightsConfig({}).PAYMENT_PROVIDER).toBe('simulated');
  });
});
