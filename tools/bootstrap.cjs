#!/usr/bin/env node
// Runs a command after making sure dependencies are installed and match package-lock.json, so
// `npm start` and `npm test` work on a fresh clone. Plain Node, no dependencies of its own.
'use strict';
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const lock = path.join(root, 'package-lock.json');
const stamp = path.join(root, 'node_modules', '.gradeline-install-stamp');

function lockHash() {
  return crypto.createHash('sha256').update(fs.readFileSync(lock)).digest('hex');
}

function ensureDependencies() {
  const wanted = lockHash();
  const have = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';
  if (have === wanted) return;
  console.log('[bootstrap] installing dependencies (npm ci)…');
  const res = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error('[bootstrap] npm ci failed; see the output above.');
    process.exit(res.status ?? 1);
  }
  fs.writeFileSync(stamp, `${wanted}\n`);
}

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node tools/bootstrap.cjs <command> [args…]');
  process.exit(2);
}
ensureDependencies();
const { spawn } = require('node:child_process');
const child = spawn(cmd, args, { cwd: process.cwd(), stdio: 'inherit' });
// Ctrl-C reaches the whole process group: let the child shut down in its own time, and pass on a
// SIGTERM sent to us alone.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
