import { z } from 'zod';
import { BaseConfig, ConfigError, configOrExit, loadConfig } from './config';
import { envBoolean, envDuration, envInt, envList, envPort, envProxyList, envUrl } from './env';

const ServiceConfig = BaseConfig.extend({
  DATABASE_URL: envUrl(['postgres', 'postgresql']),
  JWT_SECRET: z.string().min(32),
  FEATURE_EXPORTS: envBoolean().default(false),
  WORKERS: envInt({ min: 1, max: 16 }).default(2),
  ALLOWED_ORIGINS: envList().default([]),
  LEASE_TTL: envDuration().default(60_000),
});

const valid = {
  DATABASE_URL: 'postgres://gradeline@127.0.0.1:5432/gradeline_exam',
  JWT_SECRET: 'x'.repeat(40),
};

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(ServiceConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('parses a valid environment, applying BaseConfig defaults', () => {
    const config = loadConfig(ServiceConfig, { ...valid, PORT: '8081', FEATURE_EXPORTS: '1' });
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HOST: '0.0.0.0',
      PORT: 8081,
      SHUTDOWN_TIMEOUT_MS: 15_000,
      FEATURE_EXPORTS: true,
      WORKERS: 2,
      ALLOWED_ORIGINS: [],
    });
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  });

  it('names a missing variable and says it is required', () => {
    const error = problemsOf({ JWT_SECRET: valid.JWT_SECRET });
    expect(error.message).toContain('DATABASE_URL: is required but not set');
    expect(error.problems.map((p) => p.variable)).toEqual(['DATABASE_URL']);
  });

  it('names every bad variable at once, with why', () => {
    const error = problemsOf({ ...valid, PORT: 'eighty', WORKERS: '99', FEATURE_EXPORTS: 'yes' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['FEATURE_EXPORTS', 'PORT', 'WORKERS']);
    expect(error.message).toMatch(/PORT: must be an integer/);
    expect(error.message).toMatch(/WORKERS: must be at most 16/);
    expect(error.message).toMatch(/FEATURE_EXPORTS: must be one of true, false, 1, 0/);
  });

  it('never echoes the value of a refused secret', () => {
    const error = problemsOf({ ...valid, JWT_SECRET: 'hunter2-short', DATABASE_URL: 'mysql://u:pw-s3cret@h/db' });
    expect(error.message).toContain('JWT_SECRET');
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('pw-s3cret');
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig(ServiceConfig, { ...valid, OTEL_EXPORTER_OTLP_ENDPOINT: '', PORT: '' });
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(config.PORT).toBe(3000);
  });
});

describe('env helpers', () => {
  it('reads booleans from true/false/1/0', () => {
    expect(['true', 'FALSE', '1', '0'].map((v) => envBoolean().parse(v))).toEqual([true, false, true, false]);
    expect(envBoolean().safeParse('on').success).toBe(false);
  });

  it('reads integers within bounds and ports', () => {
    expect(envInt({ min: -5 }).parse('-3')).toBe(-3);
    expect(envInt().safeParse('1.5').success).toBe(false);
    expect(envPort().parse('0')).toBe(0);
    expect(envPort().safeParse('70000').success).toBe(false);
  });

  it('reads absolute URLs, optionally restricted to schemes', () => {
    expect(envUrl().parse('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
    expect(envUrl().safeParse('localhost').success).toBe(false);
    expect(envUrl(['http', 'https']).safeParse('ftp://example.test').success).toBe(false);
  });

  it('reads comma lists, trimming and dropping empty items', () => {
    expect(envList().parse(' a, b,,c ')).toEqual(['a', 'b', 'c']);
  });

  it('reads trusted-proxy lists: addresses, CIDR ranges, keywords, or none', () => {
    expect(envProxyList().parse('10.0.0.0/8, fd00::/8, 192.0.2.7, ::1, loopback, uniquelocal')).toEqual(['10.0.0.0/8', 'fd00::/8', '192.0.2.7', '::1', 'loopback', 'uniquelocal']);
    expect(envProxyList().parse('none')).toEqual([]);
    for (const bad of ['gateway', '10.0.0.0/33', '10.0.0.1/8/1', '*', 'none, loopback']) expect(envProxyList().safeParse(bad).success).toBe(false);
  });

  it('reads durations in ms, s, m and h', () => {
    expect(['250', '250ms', '15s', '2m', '1h'].map((v) => envDuration().parse(v))).toEqual([
      250, 250, 15_000, 120_000, 3_600_000,
    ]);
    expect(envDuration().safeParse('soon').success).toBe(false);
  });
});

describe('configOrExit', () => {
  it('prints the problems to stderr and exits 1', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      configOrExit(ServiceConfig, { JWT_SECRET: valid.JWT_SECRET });
      expect(exit).toHaveBeenCalledWith(1);
      expect(String(write.mock.calls[0]?.[0])).toContain('DATABASE_URL: is required but not set');
    } finally {
      write.mockRestore();
      exit.mockRestore();
    }
  });

  it('returns the config when it is valid', () => {
    expect(configOrExit(ServiceConfig, valid).DATABASE_URL).toBe(valid.DATABASE_URL);
  });
});
