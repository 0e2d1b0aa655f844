// One lint setup for the whole repository. Type-aware rules catch the two mistakes that hurt most
// in async services: promises nobody awaits, and switches that forget a new union member.
import fs from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const services = fs.existsSync('services')
  ? fs.readdirSync('services', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
  : [];

// Dependencies go one way: services -> libs -> contracts. No service imports another service.
const zones = [
  ...services.map((s) => ({
    target: `./services/${s}`,
    from: './services',
    except: [`./${s}`],
    message: 'Services share only @gradeline/contracts: talk to another service through events.',
  })),
  { target: './libs', from: './services', message: 'Libraries never depend on services.' },
  { target: './contracts', from: './libs', message: 'contracts depends on zod only.' },
  { target: './contracts', from: './services', message: 'contracts depends on zod only.' },
];

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '.data/**', '**/*.cjs', '**/*.mjs', '**/*.js', 'services/web/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    // One TypeScript program for the whole repository (the root tsconfig.json): a program per
    // workspace (projectService) loads every library's sources again for each and ran out of memory.
    languageOptions: { parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-restricted-paths': ['error', { zones }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@gradeline/service-*'], message: 'No service imports another service.' }] },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'tests/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
