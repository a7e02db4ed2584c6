import { z } from 'zod';
import { baseConfigSchema, loadConfig, setVariables } from './config';

describe('configuration from the environment', () => {
  const schema = baseConfigSchema.extend({
    SIGNING_SECRET: z.string().min(32).optional(),
    ADMIN_EMAIL: z.email().optional(),
    PORT: z.coerce.number().int().default(4001),
  });

  it('treats an empty variable as unset, as `${VAR:-}` in Compose means', () => {
    const config = loadConfig(schema, { SIGNING_SECRET: '', ADMIN_EMAIL: '', PORT: '', NODE_ENV: '', ALLOW_CLOCK_OVERRIDE: '' });
    expect([config.SIGNING_SECRET, config.ADMIN_EMAIL]).toEqual([undefined, undefined]);
    expect(config).toMatchObject({ PORT: 4001, NODE_ENV: 'development', ALLOW_CLOCK_OVERRIDE: false });
  });

  it('treats a value of only blanks as unset too', () => {
    expect(loadConfig(schema, { DATABASE_URL: '  ' }).DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/tvstream');
  });

  it('still refuses a set value that is wrong, naming the variable', () => {
    expect(() => loadConfig(schema, { SIGNING_SECRET: 'short', ADMIN_EMAIL: 'nobody' })).toThrow(
      /SIGNING_SECRET[\s\S]*ADMIN_EMAIL|ADMIN_EMAIL[\s\S]*SIGNING_SECRET/,
    );
  });

  it('keeps set values as given', () => {
    expect(setVariables({ KAFKA_BROKERS: 'kafka:9092', KAFKA_TOPIC_PREFIX: '', LOG_LEVEL: 'warn' })).toEqual({
      KAFKA_BROKERS: 'kafka:9092',
      LOG_LEVEL: 'warn',
    });
  });
});
