import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DATA } from './services';

interface DevSecrets {
  storageSigningSecret: string;
  webhookSigningSecret: string;
}

/** Local-only secrets, generated on first run and kept under .data/ (never in git). */
export function devSecrets(): DevSecrets {
  const file = path.join(DATA, 'dev-secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as DevSecrets;
  const secrets: DevSecrets = {
    storageSigningSecret: randomBytes(32).toString('base64url'),
    webhookSigningSecret: randomBytes(32).toString('base64url'),
  };
  fs.mkdirSync(DATA, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
