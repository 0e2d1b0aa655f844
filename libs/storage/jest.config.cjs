const preset = require('../../jest.preset.cjs')(__dirname);

// fastify's inject() loads cookie@2, which ships ESM only: let SWC turn it into CommonJS for jest.
module.exports = { ...preset, transformIgnorePatterns: ['/node_modules/(?!cookie/)'] };
