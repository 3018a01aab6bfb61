/**
 * Loading TensorFlow.js from bench/peers/node_modules (installed by bench/setup-peers.sh, not a dependency
 * of downhill), with the backend asked for: 'cpu' (plain JavaScript) or 'wasm' (its .wasm files read from
 * the npm package through setWasmPaths). Loaded by path at run time, so downhill type-checks without it;
 * the API is used untyped here.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PEERS_DIR } from './child.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Tf = any;

export interface TfjsInfo {
  backend: string;
  version: string;
  simd?: boolean;
  multithread?: boolean;
  threads?: number;
}

export async function loadTfjs(backend: string): Promise<{ tf: Tf; info: TfjsInfo }> {
  const require = createRequire(join(PEERS_DIR, 'package.json'));
  let tf: Tf;
  try {
    tf = require('@tensorflow/tfjs');
  } catch {
    throw new Error('TensorFlow.js is not installed: run bench/setup-peers.sh');
  }
  const info: TfjsInfo = { backend, version: tf.version.tfjs };
  if (backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${join(PEERS_DIR, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
    if (!(await tf.setBackend('wasm'))) throw new Error('TensorFlow.js: the wasm backend did not initialise');
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.multithread = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    info.threads = typeof wasm.getThreadsCount === 'function' ? wasm.getThreadsCount() : undefined;
  } else if (!(await tf.setBackend(backend))) {
    throw new Error(`TensorFlow.js: the ${backend} backend did not initialise`);
  }
  await tf.ready();
  return { tf, info };
}
