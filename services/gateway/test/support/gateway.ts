import { randomBytes } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { startTestService, type TestService, type TestServiceOptions } from '@gradeline/runtime/testing';
import { type Config } from '../../src/config';
import { service } from '../../src/service';

export type TestGateway = TestService<Config> & { url: string };

/** A real gateway (its own database and NATS namespace) listening on a random local port. */
export async function startTestGateway(env: Record<string, string>, options: Omit<TestServiceOptions, 'env'> = {}): Promise<TestGateway> {
  const gateway = await startTestService(service, {
    ...options,
    env: { WEBHOOK_SIGNING_SECRET: randomBytes(32).toString('base64url'), HOST: '127.0.0.1', ...env },
  });
  await gateway.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = gateway.app.server.address() as AddressInfo;
  return Object.assign(gateway, { url: `http://127.0.0.1:${port}` });
}
