import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { colourFor, formatLine } from './log-format';
import { ROOT } from './services';

export interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
}

/** Where children's output goes: the console by default (with a coloured prefix). */
export type LogSink = (name: string, line: string, index: number) => void;

export const consoleSink: LogSink = (name, line, index) =>
  console.log(`${colourFor(index)(`[${name.padEnd(9)}]`)} ${formatLine(line)}`);

function pipeLines(proc: ChildProcess, name: string, index: number, sink: LogSink): void {
  for (const stream of [proc.stdout, proc.stderr]) {
    if (stream) readline.createInterface({ input: stream }).on('line', (line) => sink(name, line, index));
  }
}

/**
 * Starts children with prefixed logs. A child that exits on its own is reported and brings the
 * whole platform down (nothing is restarted silently); `stopAll` sends SIGTERM, then SIGKILL
 * after the grace period. Children outlive no supervisor: they stop when its stdin pipe closes.
 */
export class Supervisor {
  private readonly children: Child[] = [];
  private stopping = false;

  constructor(
    private readonly onUnexpectedExit: (name: string, code: number | null) => void,
    private readonly sink: LogSink = consoleSink,
  ) {}

  start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child {
    // stdin stays an open pipe: when this process dies, even by SIGKILL, it ends and the child stops
    // itself (stopWhenSupervisorGone in libs/kit) instead of living on as an orphan.
    // detached: the child leads its own process group, so a terminal's Ctrl-C (SIGINT to the whole
    // foreground group) reaches only this supervisor, whose single SIGTERM then lets each service
    // drain; a child getting both signals took the second as "exit now" and skipped its shutdown.
    const proc = spawn(command, args, {
      cwd: ROOT, env: { ...env, GRADELINE_SUPERVISED: '1' }, stdio: ['pipe', 'pipe', 'pipe'], detached: true,
    });
    pipeLines(proc, name, this.children.length, this.sink);
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const child = { name, process: proc, exited };
    this.children.push(child);
    void exited.then((code) => {
      if (!this.stopping) this.onUnexpectedExit(name, code);
    });
    return child;
  }

  async stopAll(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    const running = this.children.filter((c) => c.process.exitCode === null && c.process.signalCode === null);
    for (const c of running) c.process.kill('SIGTERM');
    const timer = setTimeout(() => running.forEach((c) => c.process.kill('SIGKILL')), graceMs);
    await Promise.all(running.map((c) => c.exited));
    clearTimeout(timer);
  }
}
