import { INFRASTRUCTURE_ROUTE } from './route-config';
import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export interface OpenApiInfo {
  title: string;
  description?: string;
  version: string;
}

export const OPENAPI_PATH = '/openapi.json';

/**
 * Collects every route declared after this call and serves the OpenAPI 3.1 document built from
 * their zod schemas at `GET /openapi.json`. Routes with `schema: { hide: true }` are left out.
 */
export function installOpenApi(app: FastifyInstance, info: OpenApiInfo): void {
  // The swagger plugin is called directly instead of through app.register(): a registered plugin
  // only loads on ready(), so its onRoute hook would miss routes declared right after
  // createServer() returns. Its dynamic mode is synchronous, so a direct call is safe.
  fastifySwagger(
    app,
    {
      openapi: { openapi: '3.1.0', info },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    },
    (err) => {
      if (err) throw err;
    },
  );
  app.get(OPENAPI_PATH, INFRASTRUCTURE_ROUTE, async () => app.swagger());
}
