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
module.exports = { projects, testTimeout: 30_000 };
