/**
 * How wide a line of text is, without a canvas: the advance widths of DejaVu Sans (Book and Bold, in
 * thousandths of an em, as @napi-rs/canvas measures them), so layout is the same in Node and the browser and
 * needs no font machinery. Kerning is ignored, which errs on the wide side: laid-out text never overlaps.
 */

const CHARS =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~−·βαηθφ∇→×∈²≈≤≥°λσεΔ…—–★●■▲';

// prettier-ignore
const NORMAL = [318,401,460,838,636,950,780,275,390,390,500,838,318,361,318,337,636,636,636,636,636,636,636,636,636,636,337,337,838,838,838,531,1000,684,686,698,770,632,575,775,752,295,295,656,557,863,748,787,603,787,695,635,611,732,684,989,685,611,685,390,337,390,838,500,500,613,635,550,635,615,352,635,634,278,278,579,278,974,634,612,635,635,411,521,392,634,592,818,592,592,525,636,337,636,838,838,318,638,659,634,612,660,669,838,838,871,401,838,838,838,500,592,634,541,684,1000,1000,500,896,873,945,769];
// prettier-ignore
const BOLD = [348,456,521,838,696,1002,872,306,457,457,523,838,380,415,380,365,696,696,696,696,696,696,696,696,696,696,400,400,838,838,838,580,1000,774,762,734,830,683,683,821,837,372,372,775,637,995,837,850,733,850,770,720,682,812,774,1103,771,724,725,457,365,457,838,500,500,675,716,593,716,678,435,716,712,343,343,665,343,1042,712,687,716,716,493,595,478,712,652,924,645,652,582,712,365,712,838,838,380,716,687,712,687,782,697,838,838,896,438,838,838,838,500,633,779,557,774,1000,1000,500,896,873,945,769];

const widths = { normal: tableOf(NORMAL), bold: tableOf(BOLD) };

function tableOf(advances: readonly number[]): Map<string, number> {
  return new Map([...CHARS].map((ch, i) => [ch, advances[i]]));
}

/** A character outside the table counts as wide as 'M' (863/1000 em): too wide rather than overlapping. */
const UNKNOWN = 863;

export function textWidth(text: string, size: number, weight: 'normal' | 'bold' = 'normal'): number {
  const table = widths[weight];
  let total = 0;
  for (const ch of text) total += table.get(ch) ?? UNKNOWN;
  return (total * size) / 1000;
}

/** Splits `text` at spaces into lines no wider than `maxWidth` (a single long word keeps its own line). */
export function wrapText(text: string, size: number, maxWidth: number, weight: 'normal' | 'bold' = 'normal'): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidth(candidate, size, weight) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The font size, at most `size`, at which `text` fits in `maxWidth` (never below 9 px). */
export function fittingSize(
  text: string,
  size: number,
  maxWidth: number,
  weight: 'normal' | 'bold' = 'normal',
): number {
  const width = textWidth(text, size, weight);
  return width <= maxWidth ? size : Math.max(9, Math.floor((size * maxWidth * 10) / width) / 10);
}

/**
 * `text` with each control character (C0, DEL, C1) replaced by U+FFFD, the replacement character: XML 1.0
 * forbids most of them in an SVG, Skia cannot take a NUL, and none of them has a glyph to draw.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
}
