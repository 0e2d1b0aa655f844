import { captureLogs } from '../test/log-capture';
import { createServer } from './server';
import { runMain, startHttp } from './service';
import { ShutdownRegistry } from './shutdown';

describe('startHttp', () => {
  it('listens, returns the address, and registers closing as the HTTP shutdown step', async () => {
    const logs = captureLogs();
    const app = createServer({ service: 'exam', logger: logs.logger });
    const shutdown = new ShutdownRegistry({ logger: logs.logger, timeoutMs: 5_000 });
    const address = await startHttp(app, { host: '127.0.0.1', port: 0, shutdown });
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const live = await fetch(`${address}/health/live`);
    expect(live.status).toBe(200);
    const report = await shutdown.run('test');
    expect(report).toMatchObject({ timedOut: false, failed: [] });
    await expect(fetch(`${address}/health/live`)).rejects.toThrow();
  });
});

describe('runMain', () => {
  it('logs a startup failure and exits 1', async () => {
    const logs = captureLogs();
    const exit = jest.fn();
    await runMain(() => Promise.reject(new Error('cannot reach the database')), { service: 'exam', logger: logs.logger, exit });
    expect(exit).toHaveBeenCalledWith(1);
    const line = logs.lines().find((l) => l['msg'] === 'startup failed');
    expect(JSON.stringify(line)).toContain('cannot reach the database');
  });

  it('does not exit when main succeeds', async () => {
    const exit = jest.fn();
    await runMain(async () => undefined, { service: 'exam', logger: captureLogs().logger, exit });
    expect(exit).not.toHaveBeenCalled();
  });
});
