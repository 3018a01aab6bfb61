// Lint rules: the recommended sets of ESLint and typescript-eslint, plus a guard that keeps the
// core (everything in src/ except the Node edges src/cli/, src/node/ and src/queue/) free of Node-only imports, so the browser runs it unchanged.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // AssemblyScript sources are compiled and checked by asc (src/kernels/wasm/build.mjs), not tsc or ESLint.
  {
    ignores: [
      'dist/',
      'lab/dist/',
      'lab/shots/',
      'node_modules/',
      'test/fixtures/',
      'src/kernels/wasm/assembly/',
      'src/kernels/wasm/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/node/**', 'src/queue/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'bullmq', 'ioredis'],
              message:
                'The core runs in the browser too: Node-only modules belong in src/cli/, src/node/ or src/queue/.',
            },
          ],
        },
      ],
    },
  },
);
