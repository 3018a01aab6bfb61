/**
 * The PyTorch release an algorithm follows where releases differ. downhill follows PyTorch 2.x by default
 * and keeps 1.13's form (Debian bookworm's python3-torch) as an option wherever the two differ: NAdam's
 * momentum term, L-BFGS's line-search budget and SequentialLR's hand-over at a milestone (README, "PyTorch
 * 1.13 and 2.x", says how each differs and why).
 */
import { choice } from './settings.js';

export const PYTORCH_RELEASES = ['1.13', '2'] as const;

export type PyTorchRelease = (typeof PYTORCH_RELEASES)[number];

/** The option row `pytorch`; `help` says what differs between the releases. */
export const pytorchRelease = (help: string) => choice(PYTORCH_RELEASES, { default: '2', help });
