/** The soft limit mutants start from (bytes). */
const INITIAL_CAP = 64;
/** Executions without a new feature, per bit of the current limit, that count as a plateau. */
const PLATEAU_PER_BIT = 1000;

/**
 * libFuzzer's length control (`-len_control`), with faster growth: mutants may grow only up to a
 * soft limit that starts at 64 bytes and doubles whenever coverage has not grown for
 * 1000 × log2(limit) executions, up to the longest buffer allowed (`--max-len`). Short inputs
 * first keep executions cheap and the corpus small; the limit still reaches 64 KiB after about ten
 * plateaus (~100 k executions), where libFuzzer's (+log2(limit) bytes per plateau) would take
 * millions, one reason it misses bugs that need deep nesting. An input already longer than the
 * limit keeps its length (input-mutator.ts).
 */
export class LengthControl {
  private limit: number;
  private fruitless = 0;

  /** `max`: the longest buffer any fuzzed function takes. */
  constructor(readonly max: number) {
    this.limit = Math.min(max, INITIAL_CAP);
  }

  /** The soft limit mutants grow to now. */
  get cap(): number {
    return this.limit;
  }

  /** Counts one execution and the features it added; raises the limit at a plateau. */
  record(gain: number): void {
    if (gain > 0) {
      this.fruitless = 0;
      return;
    }
    if (this.limit >= this.max || ++this.fruitless < PLATEAU_PER_BIT * Math.log2(this.limit)) return;
    this.limit = Math.min(this.max, this.limit * 2);
    this.fruitless = 0;
  }
}
