import type { AloneResult } from '../../engine/stress/differential.js';
import type { AloneEntry, ScoutRange } from '../../engine/stress/stress-protocol.js';

/**
 * What stress mode's scout has learned about each thread's stream ahead of its position: which
 * inputs ran alone and what they did (screened), and which crashed alone (left out of every burst).
 * An input is resolved once it is one or the other.
 */
export class Screening {
  private readonly screened: Map<number, AloneResult>[];
  private readonly crashed: Set<number>[];

  constructor(threads: number) {
    this.screened = Array.from({ length: threads }, () => new Map<number, AloneResult>());
    this.crashed = Array.from({ length: threads }, () => new Set<number>());
  }

  screen(stream: number, index: number, alone: AloneResult): void {
    this.screened[stream]?.set(index, alone);
  }

  crash(stream: number, index: number): void {
    this.crashed[stream]?.add(index);
  }

  /** First index of stream `w` from `from` on that is not resolved. */
  unresolved(w: number, from: number): number {
    let i = from;
    while (this.screened[w]!.has(i) || this.crashed[w]!.has(i)) i++;
    return i;
  }

  /** Screened inputs in the resolved run of stream `w` that starts at `from`. */
  screenedFrom(w: number, from: number): number {
    let n = 0;
    for (let i = from; this.screened[w]!.has(i) || this.crashed[w]!.has(i); i++) if (this.screened[w]!.has(i)) n++;
    return n;
  }

  /**
   * The scout's next ranges: from each stream's first unresolved input to its target, known
   * crashes skipped, the least screened stream first (a scout that dies every few inputs still
   * advances all of them).
   */
  ranges(positions: readonly number[], targets: readonly number[]): ScoutRange[] {
    return targets
      .map((to, stream): ScoutRange => {
        const start = this.unresolved(stream, positions[stream]!);
        return { stream, start, end: to, skip: [...this.crashed[stream]!].filter((i) => i >= start && i < to) };
      })
      .filter((r) => r.start < r.end)
      .sort(
        (a, b) =>
          this.screenedFrom(a.stream, positions[a.stream]!) - this.screenedFrom(b.stream, positions[b.stream]!) || a.stream - b.stream,
      );
  }

  /** Each stream's resolved run from its position: the screened inputs in it (to run together), and where it stops. */
  resolved(positions: readonly number[]): { list: AloneEntry[]; stop: number }[] {
    return positions.map((p, w) => {
      const stop = this.unresolved(w, p);
      const list: AloneEntry[] = [];
      for (let i = p; i < stop; i++) {
        const alone = this.screened[w]!.get(i);
        if (alone !== undefined) list.push({ index: i, alone });
      }
      return { list, stop };
    });
  }

  /** Forgets the screened inputs of stream `w` before `stop` (they ran together). */
  forget(w: number, from: number, stop: number): void {
    for (let i = from; i < stop; i++) this.screened[w]!.delete(i);
  }
}
