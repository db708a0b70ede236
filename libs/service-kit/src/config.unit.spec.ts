import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BaseConfigSchema, clickhouseConnection, ConfigError, loadConfig, natsCredentials } from './config';

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
    expect(attempt).toThrow(/NATS_URL: must be nats:\/\/ URLs/);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/LOG_LEVEL/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(BaseConfigSchema.extend({ X: z.string().default('d') }), { X: '' }).X).toBe('d');
  });
});

describe('config - NATS credentials', () => {
  const credentialsOf = (env: NodeJS.ProcessEnv) => natsCredentials(loadConfig(BaseConfigSchema, env));

  it('NATS credentials - a user and password, a password file, a creds or an nkey seed file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'justfit-config-'));
    writeFileSync(join(dir, 'pass'), 's3cret\n');
    writeFileSync(join(dir, 'user.creds'), 'creds');
    expect(credentialsOf({ NATS_USER: 'etl', NATS_PASSWORD: 'pw' })).toEqual({ user: 'etl', pass: 'pw' });
    expect(credentialsOf({ NATS_USER: 'etl', NATS_PASSWORD_FILE: join(dir, 'pass') })).toEqual({
      user: 'etl',
      pass: 's3cret',
    });
    expect(credentialsOf({ NATS_CREDS_FILE: join(dir, 'user.creds') })).toEqual({ credsFile: join(dir, 'user.creds') });
    expect(credentialsOf({})).toBeUndefined();
  });

  it('NATS credentials - refuses half a user, two ways at once and a file it cannot read, naming the variable', () => {
    expect(() => credentialsOf({ NATS_USER: 'etl' })).toThrow(/NATS_PASSWORD: required with NATS_USER/);
    expect(() => credentialsOf({ NATS_PASSWORD: 'pw' })).toThrow(/NATS_USER: required/);
    expect(() => credentialsOf({ NATS_USER: 'etl', NATS_PASSWORD: 'pw', NATS_CREDS_FILE: '/x' })).toThrow(
      /set one of NATS_USER, NATS_CREDS_FILE/,
    );
    expect(() => credentialsOf({ NATS_NKEY_SEED_FILE: '/nonexistent/seed' })).toThrow(
      /NATS_NKEY_SEED_FILE: cannot read \/nonexistent\/seed/,
    );
  });

  it('NATS credentials - the stream manager flag reads as a boolean, on unless turned off', () => {
    expect(loadConfig(BaseConfigSchema, {}).NATS_MANAGE_STREAMS).toBe(true);
    expect(loadConfig(BaseConfigSchema, { NATS_MANAGE_STREAMS: 'false' }).NATS_MANAGE_STREAMS).toBe(false);
    expect(() => loadConfig(BaseConfigSchema, { NATS_MANAGE_STREAMS: 'maybe' })).toThrow(/NATS_MANAGE_STREAMS/);
  });
});

describe('config - ClickHouse connection', () => {
  const connectionOf = (env: NodeJS.ProcessEnv) => clickhouseConnection(loadConfig(BaseConfigSchema, env));

  it('ClickHouse - a cluster with its insert quorum, a user with a password from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'justfit-config-'));
    writeFileSync(join(dir, 'pass'), 'ch-s3cret\n');
    expect(
      connectionOf({
        CLICKHOUSE_URL: 'http://ch-0.ch:8123',
        CLICKHOUSE_CLUSTER: 'justfit',
        CLICKHOUSE_USER: 'justfit_etl',
        CLICKHOUSE_PASSWORD_FILE: join(dir, 'pass'),
      }),
    ).toMatchObject({
      url: 'http://ch-0.ch:8123',
      username: 'justfit_etl',
      password: 'ch-s3cret',
      cluster: { name: 'justfit', insertQuorum: 'auto' },
    });
    expect(connectionOf({}).cluster).toBeUndefined();
  });

  it('ClickHouse - refuses a cluster without a server, a bad quorum, and a password without a user', () => {
    expect(() => connectionOf({ CLICKHOUSE_CLUSTER: 'justfit' })).toThrow(/CLICKHOUSE_CLUSTER: needs CLICKHOUSE_URL/);
    expect(() => loadConfig(BaseConfigSchema, { CLICKHOUSE_INSERT_QUORUM: 'most' })).toThrow(
      /CLICKHOUSE_INSERT_QUORUM/,
    );
    expect(() => loadConfig(BaseConfigSchema, { CLICKHOUSE_CLUSTER: 'a b' })).toThrow(/CLICKHOUSE_CLUSTER/);
    expect(() => connectionOf({ CLICKHOUSE_URL: 'http://ch:8123', CLICKHOUSE_PASSWORD: 'x' })).toThrow(
      /CLICKHOUSE_USER: required/,
    );
  });
});
