import { z } from 'zod';
import { FilesystemObjectStore } from './filesystem-object-store';
import { S3ObjectStore } from './s3-object-store';
import { createObjectStore, StorageEnv, storageConfigFromEnv } from './storage.config';

const SECRET = 'x'.repeat(32);

describe('storage configuration from the environment', () => {
  it('defaults to the filesystem store and signs URLs under the public base URL', () => {
    const env = StorageEnv.parse({ STORAGE_SIGNING_SECRET: SECRET, PUBLIC_URL: 'https://grades.example.org/' });
    const config = storageConfigFromEnv(env, { signedPath: '/api/v1/files' });
    expect(config).toEqual({
      kind: 'fs',
      root: '.data/objects',
      signing: { secret: SECRET, baseUrl: 'https://grades.example.org/api/v1/files' },
    });
    expect(createObjectStore(config)).toBeInstanceOf(FilesystemObjectStore);
  });

  it('reads an S3 endpoint URL into host, port and TLS', () => {
    const env = StorageEnv.parse({
      STORAGE_KIND: 's3',
      S3_ENDPOINT: 'https://s3.eu-west-3.example.com',
      S3_ACCESS_KEY: 'AK',
      S3_SECRET_KEY: 'SK',
      S3_BUCKET: 'gradeline-pages',
    });
    const config = storageConfigFromEnv(env);
    expect(config).toMatchObject({ kind: 's3', endPoint: 's3.eu-west-3.example.com', port: 443, useSSL: true, region: 'us-east-1' });
    expect(createObjectStore(config)).toBeInstanceOf(S3ObjectStore);
    const local = storageConfigFromEnv(StorageEnv.parse({ ...env, S3_ENDPOINT: 'http://127.0.0.1:9000' }));
    expect(local).toMatchObject({ endPoint: '127.0.0.1', port: 9000, useSSL: false });
    expect(local).not.toHaveProperty('publicEndpoint');
    const behindIngress = storageConfigFromEnv(
      StorageEnv.parse({ ...env, S3_ENDPOINT: 'http://minio.gradeline.svc:9000', S3_PUBLIC_ENDPOINT: 'https://files.example.org' }),
    );
    expect(behindIngress).toMatchObject({
      endPoint: 'minio.gradeline.svc',
      port: 9000,
      publicEndpoint: { endPoint: 'files.example.org', port: 443, useSSL: true },
    });
  });

  it('names every variable the chosen kind is missing', () => {
    const s3 = StorageEnv.safeParse({ STORAGE_KIND: 's3', S3_BUCKET: 'pages' });
    expect(s3.success).toBe(false);
    expect(s3.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['S3_ACCESS_KEY', 'S3_ENDPOINT', 'S3_SECRET_KEY']);
    const fs = StorageEnv.safeParse({ STORAGE_SIGNING_SECRET: 'too-short' });
    expect(fs.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['PUBLIC_URL', 'STORAGE_SIGNING_SECRET']);
  });

  it('merges into a service schema', () => {
    const ServiceEnv = z.object({ PORT: z.coerce.number() }).and(StorageEnv);
    const env = ServiceEnv.parse({ PORT: '3000', STORAGE_SIGNING_SECRET: SECRET, PUBLIC_URL: 'http://localhost:8080' });
    expect(env).toMatchObject({ PORT: 3000, STORAGE_KIND: 'fs' });
  });
});
