// Every workspace that has a jest.config.cjs is one jest project; `npm run test:jest` runs them all.
const fs = require('node:fs');
const path = require('node:path');

const roots = ['contracts', 'libs', 'services', 'tools', 'tests'];
const projects = [];
for (const root of roots) {
  const abs = path.join(__dirname, root);
  if (!fs.existsSync(abs)) continue;
  const dirs = fs.existsSync(path.join(abs, 'jest.config.cjs'))
    ? [abs]
    : fs.readdirSync(abs).map((d) => path.join(abs, d));
  for (const dir of dirs) if (fs.existsSync(path.join(dir, 'jest.config.cjs'))) projects.push(dir);
}

// testTimeout is a global option: a project's own value is ignored when jest runs them all.
// Two workers even on 2 cores: most test files wait on PostgreSQL, NATS or child processes, and each
// has its own database and subject prefix, so they run side by side safely. jest's default (cores - 1)
// ran everything in band here. A worker holding over 1 GB after a file is replaced, so its heap
// (and full-GC pauses) does not grow for the whole run.
// Before anything runs, streams of test namespaces older than 2 hours are deleted (tools/jest).
module.exports = {
  projects,
  testTimeout: 30_000,
  maxWorkers: 2,
  workerIdleMemoryLimit: '1GB',
  globalSetup: '<rootDir>/tools/jest/global-setup.cjs',
};
