// npm run admin:create -- --email <address> [--name "<display name>"]
// Creates a city admin, the first official account. The password is read from stdin when
// something is piped in; otherwise one is generated and printed once.
import { parseArgs } from 'node:util';
import { generatePassword, hashPassword } from '../api/auth/password.js';
import { insertAccount } from '../data/accounts.js';
import { insertAudit } from '../data/audit.js';
import { readConfig } from '../data/config.js';
import { openDatabase } from '../data/db.js';
import { HANOI_CITY_CODE } from '../data/import/import-hanoi.js';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
const email = values.email?.trim();
if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
  console.error(
    'Usage: npm run admin:create -- --email <address> [--name "<display name>"]  (password on stdin, optional)',
  );
  process.exit(2);
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const piped = await readStdin();
if (piped && (piped.length < 10 || piped.length > 200)) {
  console.error('The password on stdin must have 10 to 200 characters.');
  process.exit(2);
}
const password = piped || generatePassword();
const config = readConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dbDir });
try {
  const passwordHash = await hashPassword(password);
  const account = await db.transaction(async (tx) => {
    const created = await insertAccount(tx, {
      email,
      passwordHash,
      role: 'city_admin',
      scope: { level: 'city', code: HANOI_CITY_CODE },
      displayName: values.name ?? 'City admin',
    });
    if (created) {
      await insertAudit(tx, {
        actor: null,
        action: 'account.create',
        entityType: 'account',
        entityId: created.id,
        unit: { level: 'city', code: HANOI_CITY_CODE },
        after: created,
        requestId: 'cli:admin-create',
      });
    }
    return created;
  });
  if (!account) {
    console.error(`${email} is already registered; nothing changed.`);
    process.exitCode = 1;
  } else {
    console.log(`Created city admin ${account.email} (${account.id}).`);
    if (!piped) console.log(`Password (shown once; store it now): ${password}`);
  }
} finally {
  await db.close();
}
