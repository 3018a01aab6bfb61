/**
 * The rooms of src/ in layers: an import may go sideways (inside a room, or to a room of the same layer)
 * or down, never up. From the bottom:
 *
 *   foundation   errors → config → util → tensor → kernels → autograd
 *   then         problems, data → nn → optim, schedules → train → tune → trace → plot → node, browser → cli, queue
 *                → index.ts
 *
 * The one circle allowed is Tensor ⇄ autograd: a Tensor's methods are the autograd ops, and the ops make
 * Tensors. Every other circle of files, even inside one room, is an error.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const LAYERS: readonly (readonly string[])[] = [
  ['errors'],
  ['config'],
  ['util'],
  ['tensor'],
  ['kernels'],
  ['autograd'],
  ['problems', 'data'],
  ['nn'],
  ['optim', 'schedules'],
  ['train'],
  ['tune'],
  ['trace'],
  ['plot'],
  ['node', 'browser'],
  ['cli', 'queue'],
  // The package's entry in Node (the whole API, with the wasm kernels by default).
  ['index', 'index.node'],
];

/** The rooms allowed to import each other, and the files' circle they may form. */
const CIRCLE = ['tensor', 'autograd'];

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

interface Import {
  from: string;
  to: string;
}

function layerOf(room: string): number {
  const layer = LAYERS.findIndex((rooms) => rooms.includes(room));
  if (layer < 0) throw new Error(`room '${room}' is in no layer; add it to LAYERS`);
  return layer;
}

/** `src/nn/weights.ts` → `nn`; a file directly in src/ is its own room (`errors`, `index`). */
function roomOf(file: string): string {
  const parts = file.split('/');
  return parts.length === 1 ? parts[0].replace(/\.ts$/, '') : parts[0];
}

/** Every relative import and re-export of the TypeScript files under src/ (type-only ones too), as paths relative to src/. */
function sourceImports(): Import[] {
  const files = (readdirSync(SRC, { recursive: true }) as string[])
    .map((file) => file.split('\\').join('/'))
    .filter(
      (file) =>
        file.endsWith('.ts') &&
        !file.startsWith('kernels/wasm/assembly/') &&
        !file.startsWith('kernels/wasm/generated/'),
    );
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g;
  const imports: Import[] = [];
  for (const file of files) {
    for (const match of readFileSync(join(SRC, file), 'utf8').matchAll(pattern)) {
      const target = normalize(join(dirname(file), match[1] ?? match[2]))
        .split('\\')
        .join('/')
        .replace(/\.js$/, '.ts');
      imports.push({ from: file, to: target });
    }
  }
  return imports;
}

/** The imports that run up the layers. */
export function upwardImports(imports: readonly Import[]): string[] {
  return imports
    .filter(({ from, to }) => {
      const [a, b] = [roomOf(from), roomOf(to)];
      if (a === b || (CIRCLE.includes(a) && CIRCLE.includes(b))) return false;
      return layerOf(b) > layerOf(a);
    })
    .map(({ from, to }) => `${from} → ${to}`);
}

/** The circles of files (strongly connected components with more than one file), by Tarjan's algorithm. */
export function circles(imports: readonly Import[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of imports) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const to of next.get(file) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (stack.includes(to)) {
        low.set(file, Math.min(low.get(file)!, index.get(to)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const circle: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      circle.push(member);
    } while (member !== file);
    if (circle.length > 1) found.push(circle.sort());
  };
  for (const file of next.keys()) if (!index.has(file)) visit(file);
  return found;
}

test('no import in src/ runs up the layers', () => {
  assert.deepEqual(upwardImports(sourceImports()), []);
});

test('the only circle of imports is Tensor ⇄ autograd', () => {
  const outside = circles(sourceImports()).filter((circle) => !circle.every((file) => CIRCLE.includes(roomOf(file))));
  assert.deepEqual(outside, []);
});

test('the checks catch an import up the layers and a circle', () => {
  const up = [{ from: 'nn/weights.ts', to: 'train/safetensors.ts' }];
  assert.deepEqual(upwardImports(up), ['nn/weights.ts → train/safetensors.ts']);
  assert.deepEqual(upwardImports([{ from: 'tensor/tensor.ts', to: 'autograd/ops/unary.ts' }]), []);
  const circle = [
    { from: 'schedules/registry.ts', to: 'schedules/sequentialLR.ts' },
    { from: 'schedules/sequentialLR.ts', to: 'schedules/registry.ts' },
    { from: 'schedules/registry.ts', to: 'errors.ts' },
  ];
  assert.deepEqual(circles(circle), [['schedules/registry.ts', 'schedules/sequentialLR.ts']]);
});

test('every import the scan finds names a file that exists', () => {
  // Guards the scan itself: a pattern that read paths wrongly would find no imports, or paths that do not exist.
  const imports = sourceImports();
  assert.ok(imports.length > 500, `only ${imports.length} imports found`);
  for (const { from, to } of imports) assert.doesNotThrow(() => readFileSync(join(SRC, to)), `${from} imports ${to}`);
});
