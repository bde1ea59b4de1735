import pg from 'pg';

interface Connection {
  client: pg.Client;
  connected: Promise<unknown>;
  /** statements sent and not yet answered */
  inFlight: number;
}

/**
 * A few connections on which statements are pipelined (pg's pipeline mode): each caller's
 * statement goes out at once, without waiting for a free connection or for the answers before it,
 * and PostgreSQL runs them one after another, each on its own (an error fails only its own
 * statement). Under load one backend stays busy on a queue instead of many being woken per
 * statement, and no pool is checked out and back per call: at 32 clients this halved the API
 * node's CPU per nearest search and cut PostgreSQL's by a third or more (deploy/README.md).
 *
 * Only for short statements: one slow statement holds up all those sent behind it on its connection.
 * A connection that fails fails the statements on it and is replaced on next use.
 */
export class Pipeline {
  private readonly connections: (Connection | undefined)[];
  private ended = false;

  constructor(
    private readonly config: pg.ClientConfig,
    size: number,
  ) {
    this.connections = Array.from({ length: size }, () => undefined);
  }

  /** Runs the named (prepared) statement `name` with `values` on the least busy connection. */
  async query<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    if (this.ended) throw new Error('The pipeline is closed.');
    const connection = this.leastBusy();
    connection.inFlight++;
    try {
      await connection.connected;
      return (await connection.client.query({ name, text, values })).rows as T[];
    } finally {
      connection.inFlight--;
    }
  }

  async end(): Promise<void> {
    this.ended = true;
    await Promise.all(this.connections.map((c) => c?.client.end().catch(() => {})));
  }

  /** An idle open connection, else one not yet opened (opened now), else the one with the fewest statements waiting. */
  private leastBusy(): Connection {
    let best = 0;
    let bestLoad = Number.POSITIVE_INFINITY;
    for (const [i, c] of this.connections.entries()) {
      const load = c ? c.inFlight : 0.5;
      if (load < bestLoad) [best, bestLoad] = [i, load];
    }
    return this.connections[best] ?? this.open(best);
  }

  private open(i: number): Connection {
    const client = new pg.Client({ ...this.config, pipeline: true });
    const connection: Connection = { client, connected: client.connect(), inFlight: 0 };
    const drop = () => {
      if (this.connections[i] === connection) this.connections[i] = undefined;
    };
    // the statements on it fail with the error; the next call opens another connection
    client.on('error', (error) => {
      console.warn(`[db] pipelined connection closed: ${error.message}`);
      drop();
    });
    client.on('end', drop);
    connection.connected.catch(drop);
    this.connections[i] = connection;
    return connection;
  }
}
