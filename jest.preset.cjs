// Shared jest settings for every workspace: TypeScript through SWC, workspace packages resolved to
// their sources (the "gradeline-source" export condition), so tests never need a build first.
const path = require('node:path');

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
    moduleFileExtensions: ['ts', 'js', 'json', 'cjs'],
    testTimeout: 30_000,
  };
};
