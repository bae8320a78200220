/** Timing helpers for benchmarks: medians of repeated runs, and a table of ratios. */

export async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** One line of the result table: a measurement against its baseline, measured side by side in this run. */
export interface Row {
  name: string;
  measured: number;
  baseline: number;
  baselineName: string;
  unit: string;
  /** Goal as a ratio: at most this. */
  target?: number;
  /** Goal as a difference: at most this much over the baseline, in `unit`. */
  maxOver?: number;
}

export function printTable(rows: Row[]): void {
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
  console.log("");
  console.log("| benchmark | measured | baseline | ratio | target |");
  console.log("|---|---|---|---|---|");
  for (const r of rows) {
    const ratio = r.measured / r.baseline;
    const missed = (met: boolean) => (met ? "" : " (missed)");
    const target =
      r.target !== undefined
        ? `≤ ${r.target}${missed(ratio <= r.target)}`
        : r.maxOver !== undefined
          ? `≤ +${r.maxOver} ${r.unit}${missed(r.measured - r.baseline <= r.maxOver)}`
          : "";
    console.log(
      `| ${r.name} | ${fmt(r.measured)} ${r.unit} | ${fmt(r.baseline)} ${r.unit} (${r.baselineName}) | ${ratio.toFixed(2)} | ${target} |`,
    );
  }
}

/**
 * Times `measured` and `baseline` alternately, `iterations` times each after `warmup` untimed rounds, swapping
 * which goes first every round, and returns each one's median (p50) in ms.
 */
export async function sideBySide(
  measured: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  iterations: number,
  warmup = Math.ceil(iterations / 10),
): Promise<{ measured: number; baseline: number }> {
  for (let i = 0; i < warmup; i++) await measured().then(baseline);
  return alternately(
    () => time(measured),
    () => time(baseline),
    iterations,
  );
}

/**
 * Runs `measured` and `baseline` alternately, `rounds` times each, swapping which goes first every round; each
 * answers its own time in ms (so it can leave its set-up untimed). Returns each one's median.
 */
export async function alternately(
  measured: () => Promise<number>,
  baseline: () => Promise<number>,
  rounds: number,
): Promise<{ measured: number; baseline: number }> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2) {
      a.push(await measured());
      b.push(await baseline());
    } else {
      b.push(await baseline());
      a.push(await measured());
    }
  }
  return { measured: median(a), baseline: median(b) };
}
