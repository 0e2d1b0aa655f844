// What processes on this machine use, read from /proc (Linux): the suites charge CPU to the
// services, PostgreSQL backends and NATS server they measure, not only to themselves.
import fs from 'node:fs';

/** CPU seconds (user + system, all threads) a process has used so far; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  const fields = stat.split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds this process has used so far. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Processes whose command line (NULs as spaces) passes `test`: PostgreSQL titles a backend with its database. */
export function processesMatching(test: (cmdline: string) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline = '';
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    if (test(cmdline.replace(/\0/g, ' '))) pids.push(Number(entry));
  }
  return pids;
}

/** The PostgreSQL backends serving one of `databases` (their process titles: `postgres: … <database> …`). */
export function postgresBackends(databases: readonly string[]): number[] {
  return processesMatching((cmd) => cmd.startsWith('postgres: ') && databases.some((name) => cmd.includes(` ${name} `)));
}

/** CPU seconds of each of `pids` now. */
export function cpuReadings(pids: readonly number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, cpuSeconds(pid)] as const));
}

/** CPU used between two readings; a process born in between counts from zero. */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** Peak resident memory of a process, in MiB. */
export function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}
