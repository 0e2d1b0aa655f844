export * from './principal';
export * from './jwt-verifier';
export * from './permissions';
export * from './tenant-guard';
export * from './auth.plugin';
export * from './token-cache';
