/** One measured number. `goal` states the target in words; `met` says whether this run reached it. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  goal?: string;
  met?: boolean;
  notes?: string;
}

/** A benchmark suite: a file `src/suites/<name>.bench.ts` whose default export is one of these. */
export interface Suite {
  name: string;
  description: string;
  run(ctx: SuiteContext): Promise<Figure[]>;
}

export interface SuiteContext {
  /** Print a progress line (kept out of the results). */
  log(message: string): void;
}

/** Runs `fn` `times` times and returns the elapsed seconds of the whole. */
export async function timed(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** The value at quantile q (0..1) of unsorted samples. */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx]!;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
