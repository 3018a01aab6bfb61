/** Timing helpers shared by the benchmarks. */

/**
 * The shortest of `rounds` timed runs of `run`, in seconds, after one untimed warm-up run (the round least
 * disturbed by other work on the machine; the warm-up lets the JIT compile and first-use allocations happen).
 */
export function bestSeconds(run: () => void, rounds: number): number {
  run();
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    run();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}
