import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

interface DevSecrets {
  storageSigningSecret: string;
  webhookSigningSecret: string;
}

/** Local-only secrets, generated on first run and kept in the data folder (never in git). */
export function devSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, 'dev-secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as DevSecrets;
  const secrets: DevSecrets = {
    storageSigningSecret: randomBytes(32).toString('base64url'),
    webhookSigningSecret: randomBytes(32).toString('base64url'),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
