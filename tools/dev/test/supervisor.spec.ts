import fs from 'node:fs';
import { Supervisor } from '../src/supervisor';

/** The process group of a process, from /proc (Linux). */
function processGroup(pid: number | 'self'): number {
  return Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]);
}

// A child that reports each signal it gets and exits 0 a moment after the first.
const CHILD = `
let signals = 0;
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { console.log('got ' + s); if (++signals === 1) setTimeout(() => process.exit(0), 200); });
process.stdin.resume();
console.log('ready');
`;

describe('Supervisor', () => {
  it("starts each child in its own process group and stops it with one SIGTERM", async () => {
    const lines: string[] = [];
    const unexpected: string[] = [];
    const supervisor = new Supervisor((name) => unexpected.push(name), (_name, line) => lines.push(line));
    const child = supervisor.start('demo', process.execPath, ['-e', CHILD], process.env);
    try {
      for (const deadline = Date.now() + 10_000; !lines.includes('ready') && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
      expect(lines).toContain('ready');

      // A terminal's Ctrl-C signals the foreground process group: the child is not in ours.
      const pid = child.process.pid!;
      expect(processGroup(pid)).toBe(pid);
      expect(processGroup(pid)).not.toBe(processGroup('self'));
    } finally {
      await supervisor.stopAll(5_000);
    }
    expect(await child.exited).toBe(0);
    expect(lines.filter((l) => l.startsWith('got '))).toEqual(['got SIGTERM']);
    expect(unexpected).toEqual([]);
  });

  it('reports a child that exits on its own', async () => {
    const exits: Array<[string, number | null]> = [];
    const supervisor = new Supervisor((name, code) => exits.push([name, code]), () => undefined);
    const child = supervisor.start('crash', process.execPath, ['-e', 'process.exit(3)'], process.env);
    await child.exited;
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([['crash', 3]]);
  });
});
