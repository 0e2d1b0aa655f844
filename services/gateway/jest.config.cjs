const preset = require('../../jest.preset.cjs')(__dirname);

// content-disposition@3 (reached through @fastify/swagger-ui → @fastify/static, nested in its
// node_modules) ships ESM only: Node 20.19+ requires it natively, jest needs it compiled like the
// preset's other ESM packages.
const pattern = preset.transformIgnorePatterns[0]
  .replace('(?!(', '(?!(content-disposition|')
  .concat('(?!@fastify/static/node_modules/content-disposition/)');
module.exports = { ...preset, transformIgnorePatterns: [pattern] };
