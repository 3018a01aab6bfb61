/**
 * The lab's build: five static pages (home, race, playground, non-convex, curves) with their workers,
 * bundled from lab/ and the library in ../src into lab/dist, which any static host serves as files, with a
 * service worker that keeps them for offline use (offline.ts).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { offlinePlugin } from './offline';

const root = fileURLToPath(new URL('.', import.meta.url));
export const PAGES = ['index', 'race', 'playground', 'nonconvex', 'curves'] as const;

export default defineConfig({
  root,
  base: './',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  worker: { format: 'es' },
  plugins: [offlinePlugin(resolve(root, 'public'))],
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rollupOptions: { input: Object.fromEntries(PAGES.map((page) => [page, resolve(root, `${page}.html`)])) },
  },
  server: { fs: { allow: [resolve(root, '..')] } },
});
