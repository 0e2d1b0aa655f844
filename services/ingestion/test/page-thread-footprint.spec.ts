import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// Each page thread is a V8 heap of its own, marked in full at every major collection: what it
// loads, it pays for on every page. It needs storage, the PDF reader and sharp, not the service's
// server, telemetry or logger (which @gradeline/kit's index brings: storage and pdf take only
// @gradeline/kit/errors). Started in a fresh process, as the pool starts it.
const THREAD = path.resolve(__dirname, '../src/modules/pages/page-thread.ts');
const PROBE = `
const { Worker } = require('node:worker_threads');
// The thread file's imports are static: once it is required, all it loads is loaded.
const code = "require('tsx/cjs'); require(" + JSON.stringify(process.argv[1]) + ");" +
  "require('node:worker_threads').parentPort.postMessage(Object.keys(require.cache));";
const worker = new Worker(code, {
  eval: true,
  workerData: { STORAGE_KIND: 'fs', STORAGE_FS_ROOT: require('node:os').tmpdir(), STORAGE_SIGNING_SECRET: 'x'.repeat(40), PUBLIC_URL: 'http://localhost:1' },
});
worker.on('message', (m) => {
  if (!Array.isArray(m)) return;
  process.stdout.write(JSON.stringify(m));
  process.exit(0);
});
worker.on('error', (e) => { console.error(e); process.exit(1); });
`;

jest.setTimeout(60_000);

describe('a page thread', () => {
  it('loads the PDF reader, sharp and storage, and neither the HTTP server, telemetry nor the logger', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=gradeline-source', '-e', PROBE, THREAD], {
      cwd: path.resolve(__dirname, '..'),
    });
    const modules = JSON.parse(stdout) as string[];
    const loaded = (name: string) => modules.some((m) => m.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`));
    expect(['sharp', 'zxing-wasm', 'minio'].filter(loaded)).toEqual(['sharp', 'zxing-wasm', 'minio']);
    expect(['@opentelemetry', 'fastify', 'pino', 'prom-client'].filter(loaded)).toEqual([]);
  });
});
