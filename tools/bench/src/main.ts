// npm run bench [-- suite ...]: runs every suite under src/suites (or the named ones), writes
// bench/results/latest.json with the machine and the date (a run of some suites keeps the other
// suites' figures, each figure dated), and prints a table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Figure, Suite } from './harness';

const ROOT = path.resolve(__dirname, '../../..');
const SUITES = path.join(__dirname, 'suites');

async function loadSuites(only: string[]): Promise<Suite[]> {
  const files = fs.existsSync(SUITES) ? fs.readdirSync(SUITES).filter((f) => f.endsWith('.bench.ts')).sort() : [];
  const suites: Suite[] = [];
  for (const file of files) {
    const mod = (await import(path.join(SUITES, file))) as { default: Suite };
    if (only.length === 0 || only.includes(mod.default.name)) suites.push(mod.default);
  }
  return suites;
}

type Result = { suite: string; date: string } & Figure;

function previousFigures(file: string): Result[] {
  if (!fs.existsSync(file)) return [];
  const previous = JSON.parse(fs.readFileSync(file, 'utf8')) as { date?: string; figures?: Array<Partial<Result>> };
  return (previous.figures ?? []).map((f) => ({ ...f, date: f.date ?? previous.date ?? '' }) as Result);
}

function machine() {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: `${os.platform()} ${os.release()}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const suites = await loadSuites(only);
  const date = new Date().toISOString();
  const results: Result[] = [];
  for (const suite of suites) {
    console.log(`\n▶ ${suite.name}: ${suite.description}`);
    try {
      const figures = await suite.run({ log: (m) => console.log(`  ${m}`) });
      for (const f of figures) results.push({ suite: suite.name, date, ...f });
    } catch (error) {
      console.error(`  ✖ ${suite.name} failed:`, error);
      results.push({ suite: suite.name, date, name: 'failed', value: Number.NaN, unit: '', notes: String(error) });
    }
  }
  const dir = path.join(ROOT, 'bench/results');
  const file = path.join(dir, 'latest.json');
  // Running some suites replaces their figures and keeps the others' (each figure carries its date).
  const ran = new Set(suites.map((s) => s.name));
  const kept = previousFigures(file).filter((f) => !ran.has(f.suite));
  const out = { date, machine: machine(), figures: [...kept, ...results] };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log('');
  console.table(
    results.map((r) => ({
      suite: r.suite,
      figure: r.name,
      value: r.value,
      unit: r.unit,
      goal: r.goal ?? '',
      met: r.met === undefined ? '' : r.met ? 'yes' : 'NO',
    })),
  );
  console.log(`\nwritten to ${path.relative(process.cwd(), path.join(dir, 'latest.json'))}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
