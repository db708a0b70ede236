import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BaseConfigSchema, ConfigError, loadConfig } from './config';

describe('config - validated at start', () => {
  it('applies defaults for a bare environment', () => {
    expect(loadConfig(BaseConfigSchema, {})).toMatchObject({
      NATS_URL: 'nats://127.0.0.1:4222',
      LOG_LEVEL: 'info',
      JUSTFIT_DATA_DIR: '.data',
    });
  });

  it('names every bad variable and says why', () => {
    const attempt = () => loadConfig(BaseConfigSchema, { NATS_URL: 'http://nope', PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/NATS_URL: must be a nats:\/\/ URL/);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/LOG_LEVEL/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(BaseConfigSchema.extend({ X: z.string().default('d') }), { X: '' }).X).toBe('d');
  });
});
