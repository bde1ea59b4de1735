-- Rate-limit counters shared by every API node on this database (api/auth/rate-limit-postgres.ts):
-- per limited key, the times (ms since the epoch) of its newest hits within the window, which is
-- all a sliding window needs. Rows whose window has passed are deleted as hits come in.
-- Unlogged: counters are not worth a WAL write on every sign-in attempt; a crash forgets them.
CREATE UNLOGGED TABLE rate_limit_hits (
  key text PRIMARY KEY,
  hits bigint[] NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX rate_limit_hits_expires_idx ON rate_limit_hits (expires_at);
