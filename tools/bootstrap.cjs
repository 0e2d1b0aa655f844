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

const lockDir = path.join(root, '.install-lock');

/** Sleeps without a dependency (this script runs before any are installed). */
function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One install at a time: `npm test`, `npm start` and `npm run bench` started together on a fresh clone
 * would otherwise run `npm ci` at once and delete each other's node_modules. The lock is a directory
 * holding the owner's pid; a lock whose owner has died is taken over.
 */
function withInstallLock(work) {
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      if (owner && !alive(owner)) fs.rmSync(lockDir, { recursive: true, force: true });
      else sleep(500);
    }
  }
  try {
    work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function installed() {
  return fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === lockHash();
}

function ensureDependencies() {
  if (installed()) return;
  withInstallLock(() => {
    if (installed()) return; // another run installed them while this one waited
    console.log('[bootstrap] installing dependencies (npm ci)…');
    const res = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
    if (res.status !== 0) {
      console.error('[bootstrap] npm ci failed; see the output above.');
      process.exit(res.status ?? 1);
    }
    fs.writeFileSync(stamp, `${lockHash()}\n`);
  });
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
