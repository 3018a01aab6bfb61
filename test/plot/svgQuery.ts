/** Reading what a test needs out of an SVG string: elements by class, path vertex counts, text contents. */

/** How many elements carry class="name". */
export function countClass(svg: string, name: string): number {
  return (svg.match(new RegExp(`class="${name}"`, 'g')) ?? []).length;
}

/** The paths of class `name`: their data-label (if any) and vertex count (M and L commands). */
export function pathsOfClass(svg: string, name: string): { label: string | undefined; vertices: number; d: string }[] {
  return [...svg.matchAll(new RegExp(`<path class="${name}"(?: data-label="([^"]*)")? d="([^"]*)"`, 'g'))].map((m) => ({
    label: m[1],
    vertices: (m[2].match(/[ML]/g) ?? []).length,
    d: m[2],
  }));
}

/** The texts of elements with class `name`, in document order. */
export function textsOfClass(svg: string, name: string): string[] {
  return [...svg.matchAll(new RegExp(`<text class="${name}"[^>]*>([^<]*)</text>`, 'g'))].map((m) => m[1]);
}

/** The vertices of a path's d attribute as [x, y] pixel pairs. */
export function pathVertices(d: string): [number, number][] {
  return [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}
