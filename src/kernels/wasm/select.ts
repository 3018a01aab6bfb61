/**
 * Choosing the kernels by name, as the CLI does from DOWNHILL_KERNELS: 'ts' (the TypeScript reference),
 * 'wasm' (WebAssembly SIMD, an error where it cannot load), or nothing for the default — wasm when it
 * loads, else ts.
 */
import { InputError } from '../../errors.js';
import { setKernels, type Kernels } from '../kernels.js';
import { tsKernels } from '../ts/index.js';
import { wasmKernels, wasmKernelsAvailable } from './index.js';

export const KERNEL_NAMES = ['ts', 'wasm'] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

/** The kernels called `name` ('' or undefined: the fastest that loads); `source` names the setting in errors. */
export function kernelsNamed(name: string | undefined, source = 'kernels'): Kernels {
  if (name === undefined || name === '') return wasmKernelsAvailable() ? wasmKernels : tsKernels;
  if (name === 'ts') return tsKernels;
  if (name === 'wasm') {
    if (!wasmKernelsAvailable())
      throw new InputError(`${source}: 'wasm' needs WebAssembly with SIMD, which this runtime lacks (use 'ts')`);
    return wasmKernels;
  }
  throw new InputError(
    `${source} must be one of ${KERNEL_NAMES.map((n) => `'${n}'`).join(', ')} (got ${JSON.stringify(name)})`,
  );
}

/** Makes the kernels called `name` the ones every op runs on (see kernelsNamed); returns them. */
export function selectKernels(name: string | undefined, source?: string): Kernels {
  const kernels = kernelsNamed(name, source);
  setKernels(kernels);
  return kernels;
}
