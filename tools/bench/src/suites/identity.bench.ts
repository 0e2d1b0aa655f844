// npm run bench -- identity: sign-ins per second with the production argon2id parameters (every
// sign-in verifies one hash: that is the cost being measured, on purpose), and how long a
// 10,000-row roster file takes to dry-run, import and re-import. Real PostgreSQL and NATS, the
// service's own code through app.inject (no network in between).
import { randomUUID } from 'node:crypto';
import { PLATFORM_TENANT_ID } from '@gradeline/contracts';
import { startTestService } from '@gradeline/runtime/testing';
import { generateRoster, rosterToCsv } from '@gradeline/testing';
import { ARGON2_PARAMETERS, Argon2Hasher } from '../../../../services/identity/src/modules/auth/password-hasher';
import { UserRecord } from '../../../../services/identity/src/modules/users/user.entity';
import { createPlatformAdmin } from '../../../../services/identity/src/modules/users/platform-admin';
import { identityService } from '../../../../services/identity/src/service';
import { type Figure, type Suite, quantile, round, timed } from '../harness';

const SIGN_INS = 60;
const CONCURRENCY = 2;
const ROWS = 10_000;
const { memoryCost, timeCost, parallelism } = ARGON2_PARAMETERS;
const PARAMS = `argon2id m=${memoryCost} KiB (19 MiB), t=${timeCost}, p=${parallelism}`;

const suite: Suite = {
  name: 'identity',
  description: 'Sign-ins per second with the chosen argon2id parameters; 10,000-row roster import',
  async run(ctx) {
    const svc = await startTestService(identityService(), { env: { LOGIN_IP_MAX_FAILURES: '1000000' } });
    const figures: Figure[] = [];
    try {
      const hasher = new Argon2Hasher();
      const hash = await hasher.hash('a benchmark passphrase');
      const verifySeconds = await timed(async () => {
        for (let i = 0; i < 20; i += 1) await hasher.verify(hash, 'a benchmark passphrase');
      });
      figures.push({ name: 'argon2id verify', value: round((verifySeconds / 20) * 1000, 1), unit: 'ms', notes: `${PARAMS}; one core` });

      const em = svc.deps.orm.em.fork();
      const admin = await createPlatformAdmin(em, { hasher, audit: svc.deps.audit, now: new Date() }, { username: 'bench', ifNone: false });
      await em.nativeUpdate(UserRecord, { tenantId: PLATFORM_TENANT_ID, usernameKey: 'bench' }, { mustChangePassword: false });
      const signIn = async () => {
        const started = process.hrtime.bigint();
        const res = await svc.app.inject({ method: 'POST', url: '/auth/login', payload: { login: 'bench', password: admin!.password } });
        if (res.statusCode !== 200) throw new Error(`sign-in answered ${res.statusCode}`);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      await signIn();
      ctx.log(`${SIGN_INS} sign-ins, ${CONCURRENCY} at a time`);
      const latencies: number[] = [];
      const seconds = await timed(async () => {
        await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
          for (let i = 0; i < SIGN_INS / CONCURRENCY; i += 1) latencies.push(await signIn());
        }));
      });
      figures.push({
        name: 'sign-ins',
        value: round(SIGN_INS / seconds, 1),
        unit: 'sign-ins/s',
        goal: '≥ 10/s on 2 cores (a class of 30 signs in within seconds)',
        met: SIGN_INS / seconds >= 10,
        notes: `${PARAMS}; ${CONCURRENCY} concurrent; p50 ${round(quantile(latencies, 0.5), 0)} ms, p95 ${round(quantile(latencies, 0.95), 0)} ms (verify + session + audit rows)`,
      });

      const tenantId = randomUUID();
      const headers = { ...(await svc.as({ role: 'admin', tenantId })), 'content-type': 'text/csv' };
      const csv = rosterToCsv(generateRoster({ count: ROWS, seed: 5, classes: ['6A', '6B', '5A', '5B', '4A', '4B', '3A', '3B'] }), { format: 'simple', delimiter: ';', encoding: 'utf8-bom', eol: '\r\n' });
      const run = async (label: string, dryRun: boolean) => {
        ctx.log(`${label} of ${ROWS} rows`);
        let status = 0;
        const s = await timed(async () => void (status = (await svc.app.inject({ method: 'POST', url: `/students/import?dryRun=${dryRun}`, headers, payload: csv })).statusCode));
        if (status !== 200) throw new Error(`${label} answered ${status}`);
        return s;
      };
      const dry = await run('dry run', true);
      const real = await run('import', false);
      const again = await run('re-import', false);
      figures.push(
        { name: 'roster dry run (10,000 rows)', value: round(dry, 2), unit: 's', notes: `${round(csv.length / 1024, 0)} KiB file, empty roster` },
        { name: 'roster import (10,000 rows)', value: round(real, 2), unit: 's', goal: 'seconds, not minutes (< 10 s)', met: real < 10, notes: '10,000 students + 10,001 outbox events in one transaction' },
        { name: 'roster re-import, unchanged (10,000 rows)', value: round(again, 2), unit: 's', notes: 'same file: nothing written' },
      );
    } finally {
      await svc.close();
    }
    return figures;
  },
};

export default suite;
