export * from './config';
export * from './definition';
export * from './app';
export * from './start';
export * from './main';
export * from './audit';
