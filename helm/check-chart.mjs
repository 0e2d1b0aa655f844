// node helm/check-chart.mjs: what can be checked of the chart without `helm template`.
// - values.yaml parses, and its template actions are balanced (define/if/range/with ... end);
// - every variable a service reads (BaseConfig, RuntimeConfig, storage, services/*/src/config.ts)
//   is set by the chart for that service, or is one of its own (settable with services.<name>.env);
// - secrets are only ever mapped from the Secret (secretKeyRef), never plain values;
// - services.<name>.env names only variables that service reads (a typo would be ignored silently).
// Exits 1 with the list of problems.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHART = path.join(ROOT, 'helm/gradeline');
const SECRETS = ['DATABASE_URL', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'STORAGE_SIGNING_SECRET', 'JWT_PRIVATE_KEYS', 'SMTP_URL', 'WEBHOOK_SIGNING_SECRET'];
// Read by the code but meaningless in a cluster: filesystem storage and keys on a local disk.
const LOCAL_ONLY = ['STORAGE_FS_ROOT', 'JWT_KEYS_DIR'];
const problems = [];

const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const variables = (file) => [...read(file).matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);

const values = parse(fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8'));

// Balanced actions in every template.
for (const file of fs.readdirSync(path.join(CHART, 'templates'))) {
  const text = fs.readFileSync(path.join(CHART, 'templates', file), 'utf8');
  const stack = [];
  for (const [, action] of text.matchAll(/\{\{-?\s*(.*?)\s*-?\}\}/gs)) {
    const word = /^(\/\*|define|if|range|with|else|end)\b/.exec(action)?.[1];
    if (word === 'define' || word === 'if' || word === 'range' || word === 'with') stack.push(word);
    else if (word === 'else' && !['if', 'range', 'with'].includes(stack.at(-1))) problems.push(`${file}: else outside if/range/with`);
    else if (word === 'end' && !stack.pop()) problems.push(`${file}: end without an opening action`);
  }
  if (stack.length > 0) problems.push(`${file}: unclosed ${stack.join(', ')}`);
}

const helpers = fs.readFileSync(path.join(CHART, 'templates/_helpers.tpl'), 'utf8');
const plain = new Set([...helpers.matchAll(/name: ([A-Z][A-Z0-9_]+)\b/g)].map((m) => m[1]));
const fromSecret = new Set([...helpers.matchAll(/"env" "([A-Z][A-Z0-9_]+)"/g)].map((m) => m[1]));
// The gateway's upstreams are written as {{ upper $upstream }}_URL.
const upstreams = Object.keys(values.services).filter((s) => s !== 'gateway').map((s) => `${s.toUpperCase()}_URL`);
for (const name of [...plain]) if (SECRETS.includes(name)) problems.push(`${name} is set as a plain value, not from the Secret`);

const shared = [...variables('libs/kit/src/config.ts'), ...variables('libs/runtime/src/config.ts'), ...variables('libs/storage/src/storage.config.ts')];
for (const service of Object.keys(values.services)) {
  const own = variables(`services/${service}/src/config.ts`);
  const reads = new Set([...shared, ...own]);
  const setByChart = new Set([...plain, ...fromSecret, ...(service === 'gateway' ? upstreams : [])]);
  for (const name of shared) {
    if (!setByChart.has(name) && !LOCAL_ONLY.includes(name) && name !== 'TRUSTED_PROXIES') problems.push(`${service}: ${name} is not set by the chart`);
  }
  for (const name of SECRETS) if (own.includes(name) && !fromSecret.has(name)) problems.push(`${service}: secret ${name} is not mapped from the Secret`);
  for (const name of Object.keys(values.services[service].env ?? {})) {
    if (!reads.has(name)) problems.push(`${service}: services.${service}.env.${name} is not a variable it reads`);
    if (SECRETS.includes(name)) problems.push(`${service}: ${name} is a secret and cannot go in services.${service}.env`);
  }
}
if (!plain.has('TRUSTED_PROXIES')) problems.push('TRUSTED_PROXIES is not set by the chart');

if (problems.length > 0) {
  console.error(problems.map((p) => `- ${p}`).join('\n'));
  process.exit(1);
}
console.log(`chart ok: ${Object.keys(values.services).length} services, ${fromSecret.size} variables from the Secret`);
