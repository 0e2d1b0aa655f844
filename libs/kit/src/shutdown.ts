import type { Logger } from 'pino';

/** Conventional step orders: stop taking work first, close what the work needs last. */
export const ShutdownOrder = {
  HTTP: 10,
  CONSUMERS: 20,
  RELAY: 30,
  BUS: 40,
  DATABASE: 50,
  TELEMETRY: 60,
} as const;

export type ShutdownStep = () => Promise<void> | void;

/** How a shutdown went: steps that failed, steps still running when the deadline hit. */
export interface ShutdownReport {
  reason: string;
  timedOut: boolean;
  failed: string[];
  unfinished: string[];
}

interface Registered {
  name: string;
  order: number;
  fn: ShutdownStep;
}

export interface ShutdownOptions {
  logger: Logger;
  /** The whole shutdown's deadline (SHUTDOWN_TIMEOUT_MS). */
  timeoutMs: number;
}

/** Ordered shutdown steps, run once under a deadline. */
export class ShutdownRegistry {
  private readonly steps: Registered[] = [];
  private running: Promise<ShutdownReport> | undefined;

  constructor(private readonly options: ShutdownOptions) {}

  /** Adds a step; lower `order` runs first, equal orders run concurrently. */
  register(name: string, order: number, fn: ShutdownStep): void {
    if (this.running) {
      this.options.logger.warn({ step: name }, 'shutdown step registered after shutdown began; ignored');
      return;
    }
    this.steps.push({ name, order, fn });
  }

  /** Runs every step in order; a second call returns the first call's promise. */
  run(reason: string): Promise<ShutdownReport> {
    this.running ??= this.execute(reason);
    return this.running;
  }

  private async execute(reason: string): Promise<ShutdownReport> {
    const { logger, timeoutMs } = this.options;
    logger.info({ reason, timeoutMs }, 'shutdown started');
    const failed: string[] = [];
    const pending = new Set(this.steps.map((step) => step.name));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), timeoutMs);
    });
    const work = this.runGroups(pending, failed).then(() => 'done' as const);
    const outcome = await Promise.race([work, deadline]);
    clearTimeout(timer);
    const report = { reason, timedOut: outcome === 'deadline', failed, unfinished: [...pending] };
    if (report.timedOut) logger.error(report, 'shutdown deadline reached');
    else logger.info(report, 'shutdown finished');
    return report;
  }

  private async runGroups(pending: Set<string>, failed: string[]): Promise<void> {
    const orders = [...new Set(this.steps.map((step) => step.order))].sort((a, b) => a - b);
    for (const order of orders) {
      const group = this.steps.filter((step) => step.order === order);
      await Promise.all(group.map((step) => this.runStep(step, pending, failed)));
    }
  }

  private async runStep(step: Registered, pending: Set<string>, failed: string[]): Promise<void> {
    try {
      await step.fn();
    } catch (err) {
      failed.push(step.name);
      this.options.logger.error({ err, step: step.name }, 'shutdown step failed');
    } finally {
      pending.delete(step.name);
    }
  }
}

type Exit = (code: number) => void;

interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/**
 * On SIGTERM/SIGINT runs the registry, then exits 0 (or 1 when the deadline was hit). A second
 * signal exits 1 at once, for a person pressing Ctrl-C twice. Returns a function removing the
 * handlers.
 */
export function installSignalHandlers(
  registry: ShutdownRegistry,
  logger: Logger,
  exit: Exit = (code) => process.exit(code),
  source: SignalSource = process,
): () => void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received) {
      logger.warn({ signal }, 'second signal during shutdown; exiting now');
      exit(1);
      return;
    }
    received = true;
    logger.info({ signal }, 'signal received');
    void registry.run(signal).then((report) => exit(report.timedOut ? 1 : 0));
  };
  const onTerm = () => onSignal('SIGTERM');
  const onInt = () => onSignal('SIGINT');
  source.on('SIGTERM', onTerm);
  source.on('SIGINT', onInt);
  return () => {
    source.off('SIGTERM', onTerm);
    source.off('SIGINT', onInt);
  };
}

/**
 * Under a supervisor (tools/dev behind `npm start`, the end-to-end tests) a service's stdin is a
 * pipe the supervisor holds open. When it ends, the supervisor is gone, even if it was killed with
 * SIGKILL and could not pass a signal on: `stop` then shuts the service down as on SIGTERM, instead
 * of leaving an orphan holding its port and connections.
 */
export function stopWhenSupervisorGone(stop: () => void, input: NodeJS.ReadableStream = process.stdin): void {
  input.once('end', stop);
  input.resume();
}
