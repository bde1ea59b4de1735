import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { ProblemError } from '../problem.js';

/** scrypt cost parameters; they are stored in each hash, so they can change without a migration. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two */
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP's scrypt baseline (Password Storage Cheat Sheet): N=2^16, r=8, p=2 — 64 MiB of memory
 * per hash, about 0.5 s on one core here. scrypt is memory-hard and built into Node, so no
 * native module is needed; Argon2id would need one on Node 20.
 */
export const PASSWORD_PARAMS: ScryptParams = { N: 2 ** 16, r: 8, p: 2 };

const KEY_BYTES = 32;
const SALT_BYTES = 16;

/** Thrown when too many hashes wait already: answered 503 with `Retry-After`. */
export class HashQueueFull extends ProblemError {
  constructor(readonly retryAfterS: number) {
    super(503, 'Too many sign-ins at once; try again in a moment.', undefined, 'busy', {
      'Retry-After': String(retryAfterS),
    });
  }
}

/**
 * Bounded concurrency for scrypt. Each hash holds one of libuv's 4 threads (shared with file reads,
 * DNS and zlib) for ~0.5 s and 64 MiB: unbounded, 30 concurrent logins stalled static files for a
 * minute. At most `concurrency` hashes run (one per spare core, at most 2, leaving threads for
 * I/O); at most `queueLimit` wait; beyond that a hash is refused at once rather than queued for
 * longer than anyone would wait.
 */
export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency = Math.max(1, Math.min(2, availableParallelism() - 1)),
    readonly queueLimit = 16,
  ) {}

  /** Set inside work that holds a place: a hash it starts runs in that place, not in a second one. */
  private readonly holding = new AsyncLocalStorage<true>();

  /**
   * Runs `work` in one of the places, waiting in the queue if need be; refuses at once when the
   * queue is full. A sign-in runs whole in its place (the account lookup too), so a flood is
   * refused before it reaches the database.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.holding.getStore()) return work();
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queueLimit) {
        // ~0.5 s a hash: the time the queue ahead needs to drain, at least a second
        throw new HashQueueFull(Math.max(1, Math.ceil(((this.waiting.length + 1) * 0.5) / this.concurrency)));
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await this.holding.run(true, work);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** hashes running and waiting, for tests and health */
  get load() {
    return { running: this.running, waiting: this.waiting.length };
  }
}

/** The process's one gate: every hash and verification passes through it. */
export const HASH_GATE = new HashGate();

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * params.p + 1024 * 1024 };
  return HASH_GATE.run(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) =>
          error ? reject(error) : resolve(key),
        ),
      ),
  );
}

/** `scrypt$N$r$p$salt$key`, salt and key in base64url. */
export async function hashPassword(password: string, params: ScryptParams = PASSWORD_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches `stored`; compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A password people can type: 4 groups of 5 letters/digits without look-alikes (~100 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
