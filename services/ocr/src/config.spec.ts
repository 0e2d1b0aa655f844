import { type ConfigError, loadConfig } from '@gradeline/kit';
import { Config } from './config';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/gradeline_ocr',
  NATS_URL: 'nats://127.0.0.1:4222',
  JWKS_URL: 'http://127.0.0.1:8081/.well-known/jwks.json',
  PUBLIC_URL: 'http://localhost:8080',
};

describe('the ocr service’s configuration', () => {
  it('defaults the matching rules to the issue’s values and the pool to the cores', () => {
    const config = loadConfig(Config, base);
    expect(config).toMatchObject({
      OCR_AUTO_MIN_SCORE: 0.8, OCR_AUTO_MIN_MARGIN: 0.15, OCR_AUTO_MIN_NAME_SCORE: 0.8, OCR_SUGGEST_MIN_SCORE: 0.5,
      OCR_WEIGHT_BIRTH_DATE: 0.55, OCR_WEIGHT_LAST_NAME: 0.25, OCR_WEIGHT_FIRST_NAME: 0.2, OCR_REMATCH_DELAY_MS: 3000,
    });
    expect(config.OCR_WORKERS).toBeGreaterThanOrEqual(1);
    expect(loadConfig(Config, { ...base, OCR_WORKERS: '2', OCR_AUTO_MIN_MARGIN: '0.2' })).toMatchObject({ OCR_WORKERS: 2, OCR_AUTO_MIN_MARGIN: 0.2 });
  });

  it('refuses a threshold outside 0..1, no worker, or all-zero weights, naming the variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(Config, { ...base, ...env });
      } catch (error) {
        return (error as ConfigError).problems.map((p) => p.variable);
      }
      return [];
    };
    expect(problems({ OCR_AUTO_MIN_SCORE: '1.5' })).toEqual(['OCR_AUTO_MIN_SCORE']);
    expect(problems({ OCR_WORKERS: '0' })).toEqual(['OCR_WORKERS']);
    expect(problems({ OCR_WEIGHT_BIRTH_DATE: '0', OCR_WEIGHT_LAST_NAME: '0', OCR_WEIGHT_FIRST_NAME: '0' })).toEqual(['OCR_WEIGHT_BIRTH_DATE']);
  });
});
