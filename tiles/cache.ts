/** A map bounded by the bytes of its values; the least recently used entries go first. */
export class ByteLru<V extends { bytes: number }> {
  private entries = new Map<string, V>();
  private size = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    const old = this.entries.get(key);
    if (old) this.size -= old.bytes;
    this.entries.delete(key);
    if (value.bytes > this.maxBytes) return;
    this.entries.set(key, value);
    this.size += value.bytes;
    for (const [k, v] of this.entries) {
      if (this.size <= this.maxBytes) break;
      this.entries.delete(k);
      this.size -= v.bytes;
    }
  }

  get bytes(): number {
    return this.size;
  }
}
