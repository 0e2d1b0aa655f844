export { AppError, invalid, isAppError, notFound, type AppErrorDetails } from './errors';
export { envBoolean, envDuration, envInt, envList, envPort, envProxyList, envUrl } from './env';
export { BaseConfig, ConfigError, configOrExit, loadConfig, type ConfigProblem, type Env } from './config';
export { createLogger, REDACTED_KEYS, type Logger, type LoggerOptions } from './logger';
export { problem, toProblem, PROBLEM_TYPE_BASE, type ProblemAnswer } from './problem';
export { REQUEST_ID_HEADER, setRequestTenant } from './request-context';
export { DEFAULT_READINESS_TIMEOUT_MS, type CheckStatus, type ReadinessCheck } from './health';
export { UNMATCHED_ROUTE, type ServerMetrics } from './metrics';
export { OPENAPI_PATH } from './openapi';
export { createServer, type KitServer, type ServerOptions, type TrustProxy } from './server';
export {
  activeTraceId,
  injectTraceContext,
  startTelemetry,
  withTraceContext,
  type Telemetry,
  type TelemetryOptions,
} from './telemetry';
export {
  installSignalHandlers,
  ShutdownOrder,
  ShutdownRegistry,
  type ShutdownOptions,
  type ShutdownReport,
  type ShutdownStep,
  stopWhenSupervisorGone,
} from './shutdown';
export { runMain, startHttp, type HttpOptions, type MainOptions } from './service';
export { INFRASTRUCTURE_ROUTE } from './route-config';
export { discardUnreadBody } from './unread-body';
