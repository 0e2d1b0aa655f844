// The dev runner as a library, for the end-to-end tests (tests/e2e) which start the real processes.
export { DEFAULT_PORTS, databaseUrl, serviceEnv, type Platform } from './environment';
export { startPlatform, type RunningPlatform, type StartPlatformOptions } from './platform';
export { bootstrapAdmin } from './admin';
export { PROCESS_ENV, presentServices, SERVICES, type ServiceName, type ServiceSpec } from './services';
export { type LogSink } from './supervisor';
