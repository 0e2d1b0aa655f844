const preset = require('../../jest.preset.cjs')(__dirname);

// fastify's inject() loads light-my-request, which requires `cookie` 2, an ESM-only package jest
// cannot require(); let SWC compile it to CommonJS like our own sources. (Every workspace that
// calls app.inject() needs this; it belongs in jest.preset.cjs.)
module.exports = { ...preset, transformIgnorePatterns: ['/node_modules/(?!cookie/)'] };
