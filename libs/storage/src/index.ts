export * from './object-store';
export { ObjectNotFoundError } from './errors';
export { assertValidKey, assertValidPrefix } from './object-validation';
export { FilesystemObjectStore, type FilesystemObjectStoreOptions } from './filesystem-object-store';
export { S3ObjectStore, type S3ObjectStoreOptions } from './s3-object-store';
export { signedObjectRoutes, type SignedObjectRoutesOptions } from './signed-object.routes';
export { createObjectStore, storageConfigFromEnv, StorageEnv, type ObjectStoreConfig } from './storage.config';
