// Shared jest settings for every workspace: TypeScript through SWC, workspace packages resolved to
// their sources (the "gradeline-source" export condition), so tests never need a build first.
const path = require('node:path');

const ESM_DEPENDENCIES = ['cookie', '@opentelemetry/otlp-exporter-base', '@opentelemetry/resources'];

/** @param {string} dir the workspace folder */
module.exports = function preset(dir) {
  return {
    displayName: path.relative(__dirname, dir),
    rootDir: dir,
    testEnvironment: 'node',
    testEnvironmentOptions: { customExportConditions: ['gradeline-source', 'node', 'require', 'default'] },
    transform: {
      '^.+\\.(t|j)s$': [
        '@swc/jest',
        {
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'commonjs' },
          sourceMaps: 'inline',
        },
      ],
    },
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    // Packages jest cannot load as they ship: cookie@2 (used by fastify's inject()) is ESM-only, and
    // OpenTelemetry's exporter and resource detectors use import() inside CommonJS, which jest only
    // runs with --experimental-vm-modules. SWC compiles them to CommonJS like our own sources.
    transformIgnorePatterns: [`/node_modules/(?!(${ESM_DEPENDENCIES.join('|')})/)`],
    moduleFileExtensions: ['ts', 'js', 'json', 'cjs'],
    testTimeout: 30_000,
  };
};
