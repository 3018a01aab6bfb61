/** The one table `npm run bench` prints (Markdown, so the README can take it as it is), and small helpers. */
export interface Row {
  benchmark: string;
  contender: string;
  result: string;
  /** downhill ÷ peer, as text; empty on downhill's own rows. */
  ratio: string;
  note: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const ratio = (ours: number, theirs: number): string =>
  `${(ours / theirs).toFixed(ours / theirs < 0.1 ? 3 : 2)}`;

export function markdownTable(rows: Row[]): string {
  const lines = ['| benchmark | contender | result | downhill ÷ peer | note |', '| --- | --- | --- | --- | --- |'];
  for (const r of rows) lines.push(`| ${r.benchmark} | ${r.contender} | ${r.result} | ${r.ratio} | ${r.note} |`);
  return lines.join('\n');
}
