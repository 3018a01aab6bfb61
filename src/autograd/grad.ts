/**
 * Grad mode: whether ops record the graph that `backward()` walks. Inside `noGrad` (PyTorch's
 * `torch.no_grad()`, for evaluation and for updating parameters in place) nothing is recorded, so no
 * intermediate values are kept alive, and every result has `requiresGrad: false`.
 */

let enabled = true;

export function isGradEnabled(): boolean {
  return enabled;
}

/** Runs `fn` with recording off (inference mode) and restores the previous mode, even if `fn` throws. */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with recording on, even inside `noGrad` (what gradient checks and Hessians need). */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

function withGradMode<T>(mode: boolean, fn: () => T): T {
  const previous = enabled;
  enabled = mode;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}
