import pg from 'pg';

/**
 * The channel a write that bumps layer versions notifies (data/layer-versions.ts), from inside its
 * transaction: PostgreSQL delivers it at commit, and not at all on rollback. Payload: the layers,
 * comma-separated.
 */
export const LAYERS_CHANNEL = 'safemap_layers';

/** `layers` changed in another process; null: some changes may have been missed, re-read everything. */
export type ChangeListener = (layers: readonly string[] | null) => void;

/** Tells this process when another one changed data, so what it remembers can be dropped at once. */
export interface ChangeFeed {
  /** True while notifications arrive; while false, what was read before cannot be trusted for long. */
  readonly live: boolean;
  /** Calls `listener` on each change; returns the unsubscribe. */
  subscribe(listener: ChangeListener): () => void;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** First wait before reconnecting, doubled on each failure up to 5 s. */
  retryMs?: number;
  /** How often the connection is checked, so a silently dead one is noticed (default 10 s). */
  heartbeatMs?: number;
  log?: (line: string) => void;
}

/**
 * One dedicated connection LISTENing on `url` (not a pool's: a pooled connection changes hands).
 * A lost connection is reopened with a growing delay; listeners hear null when it is lost and
 * again once it listens anew, since notifications sent in between are gone.
 */
export async function listenForChanges(url: string, options: ListenOptions = {}): Promise<ChangeFeed> {
  const retryMs = options.retryMs ?? 250;
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const log = options.log ?? ((line: string) => console.warn(`[listen] ${line}`));
  const listeners = new Set<ChangeListener>();
  const emit = (layers: readonly string[] | null) => {
    for (const l of listeners) l(layers);
  };
  let client: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const lost = (which: pg.Client, why: string) => {
    if (client !== which) return;
    client = undefined;
    which.end().catch(() => {});
    emit(null);
    if (closed) return;
    log(`connection lost (${why}); reconnecting`);
    reconnect(retryMs);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: url, application_name: 'safemap-listen', query_timeout: 5000 });
    c.on('notification', (m) => {
      if (m.channel === LAYERS_CHANNEL) emit(m.payload ? m.payload.split(',') : null);
    });
    c.on('error', (error) => lost(c, error.message));
    c.on('end', () => lost(c, 'ended'));
    try {
      await c.connect();
      await c.query(`LISTEN ${LAYERS_CHANNEL}`);
    } catch (error) {
      c.end().catch(() => {});
      throw error;
    }
    client = c;
  };

  const reconnect = (delayMs: number) => {
    timer = setTimeout(async () => {
      try {
        await connect();
        if (closed) {
          await client?.end().catch(() => {});
          client = undefined;
          return;
        }
        log('listening again');
        // whatever was written while nobody listened must be read afresh
        emit(null);
      } catch {
        if (!closed) reconnect(Math.min(delayMs * 2, 5000));
      }
    }, delayMs);
  };

  await connect();
  const heartbeat = setInterval(() => {
    const c = client;
    c?.query('SELECT 1').catch((error: Error) => lost(c, error.message));
  }, heartbeatMs);
  heartbeat.unref();

  return {
    get live() {
      return client !== undefined;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
