import { z } from 'zod';
import { FilesystemObjectStore, type FilesystemObjectStoreOptions } from './filesystem-object-store';
import { type ObjectStore } from './object-store';
import { S3ObjectStore, type S3ObjectStoreOptions } from './s3-object-store';

export type ObjectStoreConfig =
  | ({ kind: 'fs' } & FilesystemObjectStoreOptions)
  | ({ kind: 's3' } & S3ObjectStoreOptions);

/** The adapter the config names. Call `ensureBucket()` at start-up when it is an S3ObjectStore. */
export function createObjectStore(config: ObjectStoreConfig): ObjectStore {
  switch (config.kind) {
    case 'fs':
      return new FilesystemObjectStore(config);
    case 's3':
      return new S3ObjectStore(config);
  }
}

/**
 * The storage variables every service reads (merge into the service's own schema with `.and()`).
 * Each variable needed by the chosen kind is required, and named in the error when missing.
 */
export const StorageEnv = z
  .object({
    STORAGE_KIND: z.enum(['fs', 's3']).default('fs'),
    STORAGE_FS_ROOT: z.string().min(1).default('.data/objects'),
    STORAGE_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    /** The address browsers use for signed read URLs, when S3_ENDPOINT is internal to the cluster. */
    S3_PUBLIC_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    S3_ACCESS_KEY: z.string().min(1).optional(),
    S3_SECRET_KEY: z.string().min(1).optional(),
    S3_BUCKET: z.string().min(3).optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
  })
  .superRefine((env, ctx) => {
    const required =
      env.STORAGE_KIND === 's3'
        ? (['S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET'] as const)
        : (['STORAGE_SIGNING_SECRET', 'PUBLIC_URL'] as const);
    for (const name of required) {
      if (env[name] === undefined) {
        ctx.addIssue({ code: 'custom', path: [name], message: `required when STORAGE_KIND=${env.STORAGE_KIND}` });
      }
    }
  });
export type StorageEnv = z.infer<typeof StorageEnv>;

/**
 * Turns parsed variables into an adapter config. `signedPath` is where the service mounts
 * `signedObjectRoutes` as seen from the browser (filesystem store only).
 */
export function storageConfigFromEnv(env: StorageEnv, { signedPath = '/files' }: { signedPath?: string } = {}): ObjectStoreConfig {
  if (env.STORAGE_KIND === 'fs') {
    const base = required(env.PUBLIC_URL, 'PUBLIC_URL').replace(/\/+$/, '');
    const secret = required(env.STORAGE_SIGNING_SECRET, 'STORAGE_SIGNING_SECRET');
    return { kind: 'fs', root: env.STORAGE_FS_ROOT, signing: { secret, baseUrl: `${base}${signedPath}` } };
  }
  const endpoint = s3Address(required(env.S3_ENDPOINT, 'S3_ENDPOINT'));
  return {
    kind: 's3',
    ...endpoint,
    ...(env.S3_PUBLIC_ENDPOINT === undefined ? {} : { publicEndpoint: s3Address(env.S3_PUBLIC_ENDPOINT) }),
    accessKey: required(env.S3_ACCESS_KEY, 'S3_ACCESS_KEY'),
    secretKey: required(env.S3_SECRET_KEY, 'S3_SECRET_KEY'),
    bucket: required(env.S3_BUCKET, 'S3_BUCKET'),
    region: env.S3_REGION,
  };
}

function s3Address(url: string): { endPoint: string; port: number; useSSL: boolean } {
  const parsed = new URL(url);
  const useSSL = parsed.protocol === 'https:';
  return { endPoint: parsed.hostname, port: parsed.port ? Number(parsed.port) : useSSL ? 443 : 80, useSSL };
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
}
