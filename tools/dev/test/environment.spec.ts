import os from 'node:os';
import { DEFAULT_PORTS, SERVICES, serviceEnv, type Platform } from '../src';

const platform: Platform = {
  postgresServerUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  natsUrl: 'nats://127.0.0.1:4222',
  storageEnv: { STORAGE_KIND: 'fs', STORAGE_FS_ROOT: '/tmp/store' },
  dataDir: os.tmpdir(),
  ports: DEFAULT_PORTS,
  publicUrl: 'http://localhost:8080',
};

describe('the environment npm start gives each service', () => {
  it("caps ingestion's heap and malloc arenas (memory flat in the batch size), and no other service's", () => {
    for (const service of SERVICES) {
      const env = serviceEnv(service, platform, {});
      if (service.name === 'ingestion') expect(env).toMatchObject({ NODE_OPTIONS: '--max-old-space-size=256', MALLOC_ARENA_MAX: '2' });
      else expect([service.name, env.NODE_OPTIONS, env.MALLOC_ARENA_MAX]).toEqual([service.name, undefined, undefined]);
    }
  });

  it('points each service at its own database and port', () => {
    const env = serviceEnv(SERVICES.find((s) => s.name === 'grading')!, platform, {});
    expect(env).toMatchObject({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/gradeline_grading', PORT: String(DEFAULT_PORTS.grading) });
  });
});
