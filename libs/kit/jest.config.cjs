const preset = require('../../jest.preset.cjs')(__dirname);

// Packages jest cannot load as they ship: `cookie` 2 (required by fastify's inject()) is ESM-only,
// and OpenTelemetry's exporter and resource detectors use import() inside CommonJS, which jest only
// runs with --experimental-vm-modules. SWC compiles them to plain CommonJS like our own sources.
// (Every workspace calling app.inject() or starting telemetry in a test needs this; it belongs in
// jest.preset.cjs.)
const compiled = ['cookie', '@opentelemetry/otlp-exporter-base', '@opentelemetry/resources'];

module.exports = { ...preset, transformIgnorePatterns: [`/node_modules/(?!(${compiled.join('|')})/)`] };
