import { fastifySwaggerUi, type FastifySwaggerUiOptions } from '@fastify/swagger-ui';
import { asyncApiDocument } from '@gradeline/contracts';
import { type KitServer } from '@gradeline/kit';
import { type ApiDocs } from './api-docs.service';
import { type OpenApiDocument } from './openapi-merge';

const DOC_ROUTE = { config: { public: true }, schema: { hide: true } } as const;

/**
 * `/docs`: the interactive viewer (assets served from the package, nothing from a CDN) on the
 * merged document, which is also at `/docs/openapi.json`; the event catalogue at
 * `/docs/asyncapi.json`. Public: it describes the API, it grants nothing.
 */
export async function docsRoutes(app: KitServer, docs: ApiDocs): Promise<void> {
  const asyncApi = asyncApiDocument();
  app.get('/docs/openapi.json', DOC_ROUTE, () => docs.document());
  app.get('/docs/asyncapi.json', DOC_ROUTE, () => asyncApi);
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
    });
    // Called, not registered: the kit builds the OpenAPI document by calling @fastify/swagger
    // directly, so fastify's dependency check for a registered @fastify/swagger would fail.
    await (fastifySwaggerUi as unknown as (scope: KitServer, options: FastifySwaggerUiOptions) => Promise<void>)(scope, {
      routePrefix: '/docs',
      // The viewer reads ./json synchronously from this hook: refresh the merge just before.
      uiHooks: {
        preHandler: (request, _reply, done) => {
          if (!request.url.endsWith('/json') && !request.url.endsWith('/yaml')) return done();
          docs.document().then(() => done(), done);
        },
      },
      transformSpecification: () => docs.last() as Readonly<Record<string, unknown>>,
      transformSpecificationClone: false,
      uiConfig: { deepLinking: true, persistAuthorization: false },
    });
  });
}

export type { OpenApiDocument };
