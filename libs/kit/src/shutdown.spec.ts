import { EventEmitter } from 'node:events';
import { captureLogs } from '../test/log-capture';
import { PassThrough } from 'node:stream';
import { installSignalHandlers, ShutdownOrder, ShutdownRegistry, stopWhenSupervisorGone } from './shutdown';

function registry(timeoutMs = 1_000) {
  const logs = captureLogs();
  return { logs, shutdown: new ShutdownRegistry({ logger: logs.logger, timeoutMs }) };
}

const never = () => new Promise<void>(() => undefined);

describe('ShutdownRegistry', () => {
  it('runs steps by ascending order, whatever the registration order', async () => {
    const { shutdown } = registry();
    const ran: string[] = [];
    shutdown.register('database', ShutdownOrder.DATABASE, () => void ran.push('database'));
    shutdown.register('http', ShutdownOrder.HTTP, () => void ran.push('http'));
    shutdown.register('bus', ShutdownOrder.BUS, () => void ran.push('bus'));
    shutdown.register('consumers', ShutdownOrder.CONSUMERS, () => void ran.push('consumers'));
    const report = await shutdown.run('test');
    expect(ran).toEqual(['http', 'consumers', 'bus', 'database']);
    expect(report).toEqual({ reason: 'test', timedOut: false, failed: [], unfinished: [] });
  });

  it('waits for a whole order group before starting the next', async () => {
    const { shutdown } = registry();
    const ran: string[] = [];
    let release: () => void = () => undefined;
    shutdown.register('slow-http', 10, () => new Promise<void>((r) => (release = r)).then(() => void ran.push('slow')));
    shutdown.register('fast-http', 10, () => void ran.push('fast'));
    shutdown.register('database', 50, () => void ran.push('database'));
    const done = shutdown.run('test');
    await new Promise((r) => setImmediate(r));
    expect(ran).toEqual(['fast']);
    release();
    await done;
    expect(ran).toEqual(['fast', 'slow', 'database']);
  });

  it('logs a failing step and still runs the rest', async () => {
    const { shutdown, logs } = registry();
    const ran: string[] = [];
    shutdown.register('relay', ShutdownOrder.RELAY, () => Promise.reject(new Error('relay broke')));
    shutdown.register('database', ShutdownOrder.DATABASE, () => void ran.push('database'));
    const report = await shutdown.run('test');
    expect(ran).toEqual(['database']);
    expect(report.failed).toEqual(['relay']);
    expect(logs.lines().find((l) => l['msg'] === 'shutdown step failed')).toMatchObject({ step: 'relay' });
  });

  it('resolves at the deadline and names the steps that did not finish', async () => {
    const { shutdown } = registry(50);
    shutdown.register('consumers', ShutdownOrder.CONSUMERS, never);
    shutdown.register('database', ShutdownOrder.DATABASE, () => undefined);
    const report = await shutdown.run('test');
    expect(report.timedOut).toBe(true);
    expect(report.unfinished.sort()).toEqual(['consumers', 'database']);
  });

  it('is idempotent: a second run returns the same promise and runs nothing twice', async () => {
    const { shutdown } = registry();
    let calls = 0;
    shutdown.register('http', ShutdownOrder.HTTP, () => void (calls += 1));
    const first = shutdown.run('SIGTERM');
    const second = shutdown.run('SIGINT');
    expect(second).toBe(first);
    expect((await second).reason).toBe('SIGTERM');
    expect(calls).toBe(1);
  });
});

describe('installSignalHandlers', () => {
  it('runs the shutdown on SIGTERM then exits 0', async () => {
    const { shutdown, logs } = registry();
    const ran: string[] = [];
    shutdown.register('http', ShutdownOrder.HTTP, () => void ran.push('http'));
    const signals = new EventEmitter();
    const exited = new Promise<number>((resolve) => installSignalHandlers(shutdown, logs.logger, resolve, signals));
    signals.emit('SIGTERM');
    expect(await exited).toBe(0);
    expect(ran).toEqual(['http']);
  });

  it('exits 1 when the deadline was hit', async () => {
    const { shutdown, logs } = registry(30);
    shutdown.register('consumers', ShutdownOrder.CONSUMERS, never);
    const signals = new EventEmitter();
    const exited = new Promise<number>((resolve) => installSignalHandlers(shutdown, logs.logger, resolve, signals));
    signals.emit('SIGINT');
    expect(await exited).toBe(1);
  });

  it('stops listening once removed', () => {
    const { shutdown, logs } = registry();
    const signals = new EventEmitter();
    const remove = installSignalHandlers(shutdown, logs.logger, () => undefined, signals);
    expect(signals.listenerCount('SIGTERM')).toBe(1);
    remove();
    expect(signals.listenerCount('SIGTERM') + signals.listenerCount('SIGINT')).toBe(0);
  });
});

describe('stopWhenSupervisorGone', () => {
  it("stops once the supervisor's pipe ends, not before", async () => {
    const pipe = new PassThrough();
    let stopped = 0;
    stopWhenSupervisorGone(() => (stopped += 1), pipe);
    pipe.write('anything the supervisor might send\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(0);
    pipe.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(1);
  });
});
