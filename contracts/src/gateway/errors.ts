import { z } from 'zod';

/** Error codes of the gateway service; add one here when a new expected failure appears. */
export const GatewayErrorCode = z.enum([
  'upstream_unavailable',
  'webhook_target_invalid',
]);
export type GatewayErrorCode = z.infer<typeof GatewayErrorCode>;

export const gatewayErrorStatus: Record<GatewayErrorCode, number> = {
  upstream_unavailable: 503,
  webhook_target_invalid: 422,
};
