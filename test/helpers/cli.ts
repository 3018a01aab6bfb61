/** Runs the `downhill` CLI from source as a user would run it, and captures what it prints. */
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runDownhill(args: string[], options: { cwd?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    encoding: 'utf8',
    cwd: options.cwd,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs a downhill entry point (the source by default, or a built bundle) in its own process, asynchronously,
 * so that several runs and the test's own work overlap.
 */
export function runDownhillAsync(args: string[], entry: string[] = ['--import', 'tsx', MAIN]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...entry, ...args],
      { encoding: 'utf8', maxBuffer: 1 << 28 },
      (error, stdout, stderr) => {
        resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
      },
    );
  });
}
