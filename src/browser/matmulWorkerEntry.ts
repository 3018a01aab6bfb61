/**
 * A ready-made module worker script for createBrowserMatmulPool (matmulPool.ts): load it (built, or
 * bundled with its imports) as `new Worker(url, { type: 'module' })`, or pass its URL as `worker`.
 */
import { serveMatmulWorker } from './matmulWorker.js';

serveMatmulWorker();
