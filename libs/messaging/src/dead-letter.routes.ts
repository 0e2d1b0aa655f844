import { invalid } from '@gradeline/kit';
import { type FastifyPluginAsync, type RouteShorthandOptions } from 'fastify';
import { z } from 'zod';
import { DeadLetterQuery, type DeadLetters } from './dead-letters';

export interface DeadLetterRoutesOptions {
  deadLetters: DeadLetters;
  /** The service's admin authorisation (runs before every route of this plugin). */
  preHandler?: RouteShorthandOptions['preHandler'];
}

const Params = z.object({ id: z.string() });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalid(
    'invalid request',
    result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

/**
 * GET /admin/dead-letters, GET /admin/dead-letters/:id, POST /admin/dead-letters/:id/replay and
 * POST /admin/dead-letters/:id/discard. Mount it behind admin authorisation via `preHandler`.
 */
export const deadLetterRoutes: FastifyPluginAsync<DeadLetterRoutesOptions> = async (app, options) => {
  const { deadLetters } = options;
  const hooks = options.preHandler ? { preHandler: options.preHandler } : {};
  app.get('/admin/dead-letters', hooks, (request) => deadLetters.list(parse(DeadLetterQuery, request.query)));
  app.get('/admin/dead-letters/:id', hooks, (request) => deadLetters.get(parse(Params, request.params).id));
  app.post('/admin/dead-letters/:id/replay', hooks, (request) => deadLetters.replay(parse(Params, request.params).id));
  app.post('/admin/dead-letters/:id/discard', hooks, (request) => deadLetters.discard(parse(Params, request.params).id));
  return Promise.resolve();
};
