/**
 * Choosing kernels by name (DOWNHILL_KERNELS): 'ts', 'wasm', the default (wasm here, where WebAssembly
 * SIMD loads), a bad name as a one-line InputError; and the CLI turning a bad DOWNHILL_KERNELS into
 * exit code 2 with one line on stderr. Also the asynchronous loader the browser's main thread needs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../../src/errors.js';
import { getKernels, setKernels } from '../../../src/kernels/kernels.js';
import { tsKernels } from '../../../src/kernels/ts/index.js';
import { initWasmKernels, wasmKernels, wasmKernelsAvailable } from '../../../src/kernels/wasm/index.js';
import { kernelsNamed, selectKernels } from '../../../src/kernels/wasm/select.js';

const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

test('names pick their kernels; the default is wasm where it loads', () => {
  assert.equal(kernelsNamed('ts'), tsKernels);
  assert.equal(kernelsNamed('wasm'), wasmKernels);
  assert.ok(wasmKernelsAvailable());
  assert.equal(kernelsNamed(undefined), wasmKernels);
  assert.equal(kernelsNamed(''), wasmKernels);
});

test('a bad name is an InputError naming the setting and the valid names', () => {
  assert.throws(
    () => kernelsNamed('gpu', 'DOWNHILL_KERNELS'),
    (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.message, `DOWNHILL_KERNELS must be one of 'ts', 'wasm' (got "gpu")`);
      return true;
    },
  );
});

test('selectKernels makes the chosen kernels current', () => {
  const previous = getKernels();
  try {
    assert.equal(selectKernels('ts'), tsKernels);
    assert.equal(getKernels(), tsKernels);
    assert.equal(selectKernels('wasm'), wasmKernels);
    assert.equal(getKernels(), wasmKernels);
  } finally {
    setKernels(previous);
  }
});

test('initWasmKernels (asynchronous compile) resolves to the wasm kernels, which compute', async () => {
  const kernels = await initWasmKernels();
  assert.equal(kernels, wasmKernels);
  const a = new Float32Array(16 * 16).fill(0.5);
  const c = new Float32Array(16 * 16);
  kernels.matmul(a, a, c, 16, 16, 16);
  assert.ok(c.every((v) => v === 4));
});

test('the CLI rejects a bad DOWNHILL_KERNELS with one line and exit code 2', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--help'], {
    encoding: 'utf8',
    env: { ...process.env, DOWNHILL_KERNELS: 'gpu' },
  });
  assert.equal(run.status, 2);
  assert.equal(run.stderr, `downhill: DOWNHILL_KERNELS must be one of 'ts', 'wasm' (got "gpu")\n`);
  const ok = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--help'], {
    encoding: 'utf8',
    env: { ...process.env, DOWNHILL_KERNELS: 'ts' },
  });
  assert.equal(ok.status, 0);
});
