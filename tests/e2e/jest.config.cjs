const preset = require('../../jest.preset.cjs')(__dirname);

// The real processes take a while to start; one platform per test file.
module.exports = { ...preset, testMatch: ['<rootDir>/test/**/*.spec.ts'] };
