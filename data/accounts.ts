import type { Queryable } from './db.js';

export type Role = 'business' | 'ward_officer' | 'district_officer' | 'city_admin';
export const OFFICIAL_ROLES = ['ward_officer', 'district_officer', 'city_admin'] as const;
/** The unit level each official role acts on. */
export const SCOPE_LEVEL = { ward_officer: 'ward', district_officer: 'district', city_admin: 'city' } as const;

export interface UnitRef {
  level: 'city' | 'district' | 'ward' | 'group';
  code: string;
}

export interface Account {
  id: string;
  email: string;
  role: Role;
  displayName: string;
  /** The unit an official acts on, with its names; null for businesses. */
  scope: (UnitRef & { nameVi: string; nameEn: string }) | null;
  createdAt: string;
  disabled: boolean;
}

export type Row = Record<string, unknown>;

export const ACCOUNT_COLUMNS = `a.id, a.email, a.role, a.display_name, a.scope_level, a.scope_code, a.created_at,
  a.disabled_at, u.name_vi AS scope_name_vi, u.name_en AS scope_name_en`;
export const FROM_ACCOUNTS = `accounts a LEFT JOIN admin_units u ON u.level = a.scope_level AND u.code = a.scope_code`;

export function toAccount(r: Row): Account {
  return {
    id: r.id as string,
    email: r.email as string,
    role: r.role as Role,
    displayName: r.display_name as string,
    scope: r.scope_level
      ? {
          level: r.scope_level as UnitRef['level'],
          code: r.scope_code as string,
          nameVi: (r.scope_name_vi as string | null) ?? (r.scope_code as string),
          nameEn: (r.scope_name_en as string | null) ?? (r.scope_code as string),
        }
      : null,
    createdAt: new Date(r.created_at as string).toISOString(),
    disabled: r.disabled_at != null,
  };
}

export interface NewAccount {
  email: string;
  passwordHash: string;
  role: Role;
  scope: UnitRef | null;
  displayName?: string;
  createdBy?: string;
}

/** Inserts an account; undefined when the address (ignoring case) is already taken. */
export async function insertAccount(db: Queryable, a: NewAccount): Promise<Account | undefined> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO accounts (email, password_hash, role, scope_level, scope_code, display_name, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
    [a.email, a.passwordHash, a.role, a.scope?.level ?? null, a.scope?.code ?? null, a.displayName ?? '', a.createdBy],
  );
  return row ? getAccount(db, row.id) : undefined;
}

/** Locks the account's row until the transaction ends: concurrent changes apply one after another. */
export async function lockAccount(tx: Queryable, id: string): Promise<void> {
  await tx.query('SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE', [id]);
}

export async function getAccount(db: Queryable, id: string): Promise<Account | undefined> {
  const [row] = await db.query<Row>(`SELECT ${ACCOUNT_COLUMNS} FROM ${FROM_ACCOUNTS} WHERE a.id = $1`, [id]);
  return row ? toAccount(row) : undefined;
}

/** The account and its password hash for a login, by address ignoring case. */
export async function findLogin(
  db: Queryable,
  email: string,
): Promise<{ account: Account; passwordHash: string } | undefined> {
  const [row] = await db.query<Row>(
    `SELECT ${ACCOUNT_COLUMNS}, a.password_hash FROM ${FROM_ACCOUNTS} WHERE lower(a.email) = lower($1)`,
    [email],
  );
  return row ? { account: toAccount(row), passwordHash: row.password_hash as string } : undefined;
}

export async function passwordHashOf(db: Queryable, id: string): Promise<string | undefined> {
  const [row] = await db.query<{ password_hash: string }>('SELECT password_hash FROM accounts WHERE id = $1', [id]);
  return row?.password_hash;
}

export async function listAccounts(
  db: Queryable,
  opts: { role?: Role; q?: string; limit: number; offset: number },
): Promise<Account[]> {
  const rows = await db.query<Row>(
    `SELECT ${ACCOUNT_COLUMNS} FROM ${FROM_ACCOUNTS}
     WHERE ($1::text IS NULL OR a.role = $1)
       AND ($2::text IS NULL OR strpos(lower(a.email || ' ' || a.display_name), lower($2)) > 0)
     ORDER BY a.created_at DESC, a.id LIMIT $3 OFFSET $4`,
    [opts.role ?? null, opts.q ?? null, opts.limit, opts.offset],
  );
  return rows.map(toAccount);
}

/** Applies the given changes; a disabled account also loses every session. */
export async function updateAccount(
  db: Queryable,
  id: string,
  change: { displayName?: string; disabled?: boolean; passwordHash?: string },
): Promise<void> {
  await db.query(
    `UPDATE accounts SET
       display_name = coalesce($2, display_name),
       disabled_at = CASE WHEN $3::boolean IS NULL THEN disabled_at WHEN $3 THEN coalesce(disabled_at, now()) END,
       password_hash = coalesce($4, password_hash),
       password_changed_at = CASE WHEN $4::text IS NULL THEN password_changed_at ELSE now() END
     WHERE id = $1`,
    [id, change.displayName ?? null, change.disabled ?? null, change.passwordHash ?? null],
  );
  if (change.disabled) await db.query('UPDATE sessions SET revoked_at = now() WHERE account_id = $1', [id]);
}

/** The unit and the units above it (a ward and its district; a group, its ward and district). */
export async function unitChain(db: Queryable, unit: UnitRef): Promise<UnitRef[] | undefined> {
  const [row] = await db.query<Row>(
    `SELECT u.parent_code, p.level AS parent_level, p.parent_code AS grandparent_code, g.level AS grandparent_level
     FROM admin_units u
     LEFT JOIN admin_units p ON p.code = u.parent_code
       AND p.level = CASE u.level WHEN 'group' THEN 'ward' WHEN 'ward' THEN 'district' ELSE 'city' END
     LEFT JOIN admin_units g ON g.code = p.parent_code
       AND g.level = CASE p.level WHEN 'ward' THEN 'district' ELSE 'city' END
     WHERE u.level = $1 AND u.code = $2`,
    [unit.level, unit.code],
  );
  if (!row) return undefined;
  const chain: UnitRef[] = [unit];
  if (row.parent_level) chain.push({ level: row.parent_level as UnitRef['level'], code: row.parent_code as string });
  if (row.grandparent_level) {
    chain.push({ level: row.grandparent_level as UnitRef['level'], code: row.grandparent_code as string });
  }
  return chain;
}

/** The chain (unit, ward, district) of every ward and group, to check a whole file's scope at once. */
export async function allUnitChains(db: Queryable): Promise<Map<string, UnitRef[]>> {
  const rows = await db.query<{ level: 'ward' | 'group'; code: string; parent_code: string | null }>(
    `SELECT level, code, parent_code FROM admin_units WHERE level IN ('ward', 'group')`,
  );
  const wardParent = new Map(rows.filter((r) => r.level === 'ward').map((r) => [r.code, r.parent_code]));
  return new Map(
    rows.map((r) => {
      const chain: UnitRef[] = [{ level: r.level, code: r.code }];
      const ward = r.level === 'group' ? r.parent_code : r.code;
      if (r.level === 'group' && ward) chain.push({ level: 'ward', code: ward });
      const district = ward ? wardParent.get(ward) : null;
      if (district) chain.push({ level: 'district', code: district });
      return [r.code, chain];
    }),
  );
}
