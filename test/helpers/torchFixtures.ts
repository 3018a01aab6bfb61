/**
 * A generator's PyTorch fixtures under both releases downhill follows: NAME.json from PyTorch 1.13 and
 * NAME.torch2.json from PyTorch 2.x, written by the same generate.py (test/fixtures/torch_version.py), so a
 * test replays every case against both.
 */
import { readFileSync } from 'node:fs';
import type { OptionRows } from '../../src/config/options.js';
import { PYTORCH_RELEASES, type PyTorchRelease } from '../../src/config/pytorchRelease.js';

export interface TorchFixture<T> {
  release: PyTorchRelease;
  /** torch.__version__ of the PyTorch that wrote it. */
  torch: string;
  /** The fixture without its `torch` field, so that two releases' fixtures compare as they are. */
  data: T;
}

/** `path` under test/fixtures, e.g. 'optim/trajectories.json', for 1.13 and 2.x in that order. */
export function torchFixtures<T>(path: string): TorchFixture<T>[] {
  return PYTORCH_RELEASES.map((release) => torchFixture<T>(path, release));
}

/** One release's fixture: NAME.json (1.13) or NAME.torch2.json (2.x). */
export function torchFixture<T>(path: string, release: PyTorchRelease): TorchFixture<T> {
  const file = release === '1.13' ? path : path.replace(/\.json$/, '.torch2.json');
  const { torch, ...data } = JSON.parse(readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')) as {
    torch: string;
  };
  return { release, torch, data: data as T };
}

/**
 * A case's options for replaying `release`'s fixture: an algorithm with a `pytorch` option follows 2.x by
 * default, so 1.13's fixtures are replayed with `pytorch: '1.13'` unless the case names a release itself.
 */
export function optionsFor<O extends object>(release: PyTorchRelease, rows: OptionRows, options: O): O {
  if (release === '2' || !('pytorch' in rows) || 'pytorch' in options) return options;
  return { ...options, pytorch: '1.13' };
}
