/**
 * Numbers as figures print them. Coordinates: rounded to 2 decimals (a hundredth of a pixel), so an SVG is
 * byte-identical from run to run and machine to machine. Values in labels: short and readable, with a true
 * minus sign (U+2212), as typeset text has it.
 */

/** 12.3456 → "12.35", -0.001 → "0", 3 → "3". */
export function coord(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? '0' : String(rounded);
}

/** A value as typed in a spec: 0.001 → "0.001", 1e-7 → "1e-7", -1.5 → "−1.5". */
export function formatValue(value: number): string {
  return String(value).replace('e+', 'e').replace(/^-/, '−').replace('e-', 'e−');
}

/** A measured value to `digits` significant figures: 0.000312 → "3.12e−4", 12.5 → "12.5", 0 → "0". */
export function formatSignificant(value: number, digits = 3): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  const text =
    magnitude >= 1e-3 && magnitude < 1e5
      ? String(Number(value.toPrecision(digits)))
      : trimExponent(value.toExponential(digits - 1));
  return text.replace(/^-/, '−');
}

/** "3.10e-4" → "3.1e-4", "1.00e+5" → "1e5". */
function trimExponent(text: string): string {
  const [mantissa, exponent] = text.split('e');
  const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return `${m}e${exponent.replace('+', '').replace('-', '−')}`;
}

/** A point as (x, y) with values as typed: (−1.5, 2). */
export function formatPoint(point: readonly [number, number]): string {
  return `(${formatValue(point[0])}, ${formatValue(point[1])})`;
}
