import { createHash, randomBytes } from 'node:crypto';
import { ACCOUNT_COLUMNS, type Account, FROM_ACCOUNTS, type Row, toAccount } from './accounts.js';
import type { Queryable } from './db.js';

/** How long a session lives without use, and at most. */
export const SESSION_IDLE_MS = 14 * 24 * 3600_000;
export const SESSION_MAX_MS = 30 * 24 * 3600_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionInfo {
  /** A short public handle of the session (a prefix of the token's hash), for listing and revoking. */
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
}

/** Opens a session; the token goes into the cookie and nowhere else. */
export async function createSession(
  db: Queryable,
  accountId: string,
  now: Date,
  userAgent?: string,
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
  await db.query(
    `INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at, user_agent)
     VALUES ($1, $2, $3, $4, $4, $5, $6)`,
    [hashToken(token), accountId, csrfToken, now, expiresAt, userAgent?.slice(0, 300) ?? null],
  );
  return { token, csrfToken, expiresAt };
}

export interface LiveSession {
  tokenHash: string;
  csrfToken: string;
  account: Account;
}

/**
 * The live session behind a cookie token: not revoked, not expired, its account enabled.
 * Use slides the idle expiry forward (written at most hourly), never past the maximum age.
 */
export async function findSession(db: Queryable, token: string, now: Date): Promise<LiveSession | undefined> {
  const tokenHash = hashToken(token);
  const [row] = await db.query<Row>(
    `SELECT ${ACCOUNT_COLUMNS}, s.csrf_token, s.last_seen_at, s.created_at AS session_created_at
     FROM sessions s JOIN ${FROM_ACCOUNTS} ON a.id = s.account_id
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND a.disabled_at IS NULL`,
    [tokenHash, now],
  );
  if (!row) return undefined;
  if (now.getTime() - new Date(row.last_seen_at as string).getTime() > 3600_000) {
    const maxAt = new Date(new Date(row.session_created_at as string).getTime() + SESSION_MAX_MS);
    const idleAt = new Date(now.getTime() + SESSION_IDLE_MS);
    await db.query('UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1', [
      tokenHash,
      now,
      idleAt < maxAt ? idleAt : maxAt,
    ]);
  }
  return { tokenHash, csrfToken: row.csrf_token as string, account: toAccount(row) };
}

export async function listSessions(db: Queryable, accountId: string, now: Date): Promise<SessionInfo[]> {
  const rows = await db.query<Row>(
    `SELECT token_hash, created_at, last_seen_at, expires_at, user_agent FROM sessions
     WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY last_seen_at DESC`,
    [accountId, now],
  );
  return rows.map((r) => ({
    id: (r.token_hash as string).slice(0, 16),
    createdAt: new Date(r.created_at as string).toISOString(),
    lastSeenAt: new Date(r.last_seen_at as string).toISOString(),
    expiresAt: new Date(r.expires_at as string).toISOString(),
    userAgent: (r.user_agent as string | null) ?? null,
  }));
}

/** Revokes one of an account's sessions by its public handle; false when there is none. */
export async function revokeSessionById(db: Queryable, accountId: string, id: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE sessions SET revoked_at = now()
     WHERE account_id = $1 AND left(token_hash, 16) = $2 AND revoked_at IS NULL RETURNING 1`,
    [accountId, id],
  );
  return rows.length > 0;
}

export async function revokeSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash]);
}

/** Revokes every session of the account except `keepTokenHash` (after a password change). */
export async function revokeOtherSessions(db: Queryable, accountId: string, keepTokenHash: string): Promise<number> {
  const rows = await db.query(
    `UPDATE sessions SET revoked_at = now()
     WHERE account_id = $1 AND token_hash <> $2 AND revoked_at IS NULL RETURNING 1`,
    [accountId, keepTokenHash],
  );
  return rows.length;
}
