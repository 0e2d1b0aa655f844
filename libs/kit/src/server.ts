import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE } from '@gradeline/contracts';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { installHealth, type ReadinessCheck } from './health';
import { installMetrics } from './metrics';
import { installOpenApi } from './openapi';
import { problem, toProblem } from './problem';
import { REQUEST_ID_HEADER, requestChildLogger, requestIdFor } from './request-context';

/**
 * Fastify's per-request lines ("incoming request", "request completed") at debug instead of info:
 * at info they were two JSON lines per request in every process a request crosses, about 0.1 ms
 * of CPU per request each, for what the HTTP histogram on /metrics already counts. Failures stay
 * where they were: a 5xx is logged at error by the error handler ("request failed"), a refusal at
 * info ("request refused"), a response that breaks at error ("request errored").
 */
class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, _request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/** fastify's trust test: is the address `hop` steps from the server (0: the socket's peer) a trusted proxy? */
export type TrustProxy = (address: string, hop: number) => boolean;

export interface ServerOptions {
  service: string;
  logger: Logger;
  /** The service's version, shown in the OpenAPI document. */
  version?: string;
  /** Named dependency checks for /health/ready (database, bus, store...). */
  readiness?: Record<string, ReadinessCheck>;
  /** Per-check deadline for /health/ready, 2 s by default. */
  readinessTimeoutMs?: number;
  /** Largest accepted request body in bytes (fastify's default is 1 MiB). */
  bodyLimit?: number;
  /** Whose X-Forwarded-For `request.ip` believes: addresses/ranges, or a test per address and hop (0 = the peer); unset: nobody's. */
  trustProxy?: boolean | string | string[] | TrustProxy;
  openapi?: { title: string; description?: string };
  /** A prom-client registry to use instead of a fresh one for this server. */
  registry?: Registry;
}

/** A fastify instance typed with the zod type provider: route schemas are zod schemas. */
export type KitServer = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * The fastify instance every service starts from (it never listens by itself): zod validation and
 * serialisation, request ids, problem+json errors, health, /metrics and /openapi.json.
 */
export function createServer(options: ServerOptions): KitServer {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new RequestLogController({ requestIdLogLabel: 'requestId' }),
    genReqId: requestIdFor,
    requestIdHeader: false,
    childLoggerFactory: requestChildLogger,
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('tenantId', undefined);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  installErrorHandling(app);
  installOpenApi(app, {
    title: options.openapi?.title ?? options.service,
    description: options.openapi?.description,
    version: options.version ?? '0.0.0',
  });
  installMetrics(app, options.registry);
  installHealth(app, options.readiness ?? {}, options.readinessTimeoutMs);
  return app;
}

function installErrorHandling(app: KitServer): void {
  app.setErrorHandler((error, request, reply) => {
    const answer = toProblem(error, request.id);
    if (answer.unexpected) {
      request.log.error({ err: error, code: answer.body.code }, 'request failed');
    } else {
      request.log.info({ code: answer.body.code, status: answer.status }, 'request refused');
    }
    for (const [name, value] of Object.entries(answer.headers)) {
      // A rate limiter that already said how long to wait knows better than our fallback.
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    return reply.code(answer.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(answer.body));
  });

  app.setNotFoundHandler((request, reply) => {
    const body = problem('not_found', 'No route matches this method and path.', request.id);
    return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  });
}
