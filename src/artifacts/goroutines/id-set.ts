// The goroutine ids seen in one dump, up to a bound. Ids are mostly small counters, so they are
// kept as bits (setting one costs far less than a Set insert, which runs once per goroutine);
// the rare large ids go to a Set.

const BIT_LIMIT = 1 << 22;

export class IdSet {
  private bits = new Uint32Array(1024);
  private readonly large = new Set<number>();
  /** Distinct ids kept. */
  size = 0;

  /** @param max ids beyond this many are not kept (memory stays bounded). */
  constructor(private readonly max: number) {}

  has(id: number): boolean {
    if (id < BIT_LIMIT) {
      const word = id >>> 5;
      return word < this.bits.length && (this.bits[word]! & (1 << (id & 31))) !== 0;
    }
    return this.large.has(id);
  }

  add(id: number): void {
    if (this.size >= this.max) return;
    if (id >= BIT_LIMIT || !Number.isInteger(id)) {
      if (!this.large.has(id)) {
        this.large.add(id);
        this.size++;
      }
      return;
    }
    const word = id >>> 5;
    if (word >= this.bits.length) {
      const grown = new Uint32Array(Math.min(BIT_LIMIT >>> 5, Math.max(word + 1, this.bits.length * 2)));
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (id & 31);
    if ((this.bits[word]! & mask) === 0) {
      this.bits[word] = this.bits[word]! | mask;
      this.size++;
    }
  }
}
