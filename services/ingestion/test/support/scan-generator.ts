import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { type ScanOptions, type ScanTruth } from '@gradeline/testing';

const SCRIPT = path.join(__dirname, 'scan-generator-process.ts');
const ROOT = path.resolve(__dirname, '../../../..');

interface Answer {
  id: number;
  truth?: ScanTruth;
  error?: string;
}

/** @gradeline/testing's scanner, run in a child process; one per test file. */
export class ScanGenerator {
  private readonly pending = new Map<number, (answer: Answer) => void>();
  private next = 1;

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const answer = JSON.parse(line) as Answer;
      this.pending.get(answer.id)?.(answer);
      this.pending.delete(answer.id);
    });
  }

  static async start(): Promise<ScanGenerator> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gl-ingestion-scans-'));
    const child = spawn(process.execPath, ['--conditions=gradeline-source', '--import', 'tsx', SCRIPT], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    return new ScanGenerator(child, dir);
  }

  /** The PDF bytes and what each page really shows. */
  async generate(options: ScanOptions): Promise<{ pdf: Buffer; truth: ScanTruth }> {
    const { file, truth } = await this.generateToFile(options);
    const pdf = await fs.readFile(file);
    await fs.rm(file);
    return { pdf, truth };
  }

  /** The PDF left on disk (for files too large to hold in a test). */
  async generateToFile(options: ScanOptions): Promise<{ file: string; truth: ScanTruth }> {
    const id = this.next++;
    const file = path.join(this.dir, `scan-${id}.pdf`);
    const answer = await new Promise<Answer>((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin!.write(`${JSON.stringify({ id, file, options })}\n`);
    });
    if (answer.error || !answer.truth) throw new Error(`scan generation failed: ${answer.error}`);
    return { file, truth: answer.truth };
  }

  async close(): Promise<void> {
    this.child.stdin!.end();
    if (this.child.exitCode === null) await new Promise((resolve) => this.child.once('exit', resolve));
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}
