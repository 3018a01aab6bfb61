/**
 * The computation graph, recorded as ops run: each result of an op that involves a tensor requiring a
 * gradient gets a node that remembers the op's inputs and its backward step — the local chain rule that
 * turns ∂L/∂output into contributions to ∂L/∂input for each input. `backward()` (backward.ts) calls the
 * steps in reverse topological order, as micrograd's `_backward` closures.
 */
import type { Storage } from '../tensor/storage.js';
import type { Tensor } from '../tensor/tensor.js';
import { isGradEnabled } from './grad.js';

/** Given ∂L/∂output (a flat array shaped like the output), adds each input's share into its gradient. */
export type BackwardStep = (gradOutput: Storage) => void;

export interface GraphNode {
  /** The op's name, for error messages. */
  readonly op: string;
  /** The op's inputs; emptied when backward frees the graph. */
  inputs: readonly Tensor[];
  /** The local chain rule; null once backward has freed the graph (what it saved is released). */
  backward: BackwardStep | null;
}

/**
 * Returns `output`, made a node of the graph when grad mode is on and any input requires a gradient:
 * it then requires a gradient itself, and remembers `inputs` and `backward`. Otherwise nothing is
 * recorded and the closure (with whatever it saved) is garbage at once.
 */
export function record(op: string, output: Tensor, inputs: readonly Tensor[], backward: BackwardStep): Tensor {
  if (!isGradEnabled() || !inputs.some((input) => input.requiresGrad)) return output;
  output.requiresGrad = true;
  output._node = { op, inputs, backward };
  return output;
}
