import type { Db } from '../../data/db.js';
import type { Limiters } from './limits.js';
import type { ScryptParams } from './password.js';
import type { SessionOptions } from './session.js';

/** What the account routes share: the database, the limiters, cookie settings and the hash cost. */
export interface AuthDeps {
  db: Db;
  limiters: Limiters;
  session: SessionOptions;
  passwordParams: ScryptParams;
}
