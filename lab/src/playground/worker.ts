/**
 * The playground's training worker: owns the model, the data and the optimizer; trains in slices of
 * epochs sized to about one frame, and after each slice posts a snapshot (losses, the boundary and the
 * neuron maps as transferred typed arrays), then yields so that pause and new settings get through.
 */
import { encodeSafetensors } from '../../../src/util/safetensors';
import { modelToSafetensors } from '../../../src/nn/weights';
import { activationIndices, boundaryMap, BOUNDARY_GRID, dataExtent, gridInputs, NEURON_GRID, neuronMaps } from './maps';
import type { PlaygroundCommand, PlaygroundReply } from './protocol';
import { PlaygroundRun } from './trainer';

const scope = self as unknown as {
  postMessage(message: PlaygroundReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<PlaygroundCommand>) => void) | null;
};

/** Wall time one slice of training may take before a snapshot goes out. */
const SLICE_MS = 10;

let run: PlaygroundRun | undefined;
/** Stop at this epoch, or once the test loss is at or below this loss (0: no limit). */
let limits = { epoch: 0, loss: 0 };
let lastSnapshot = 0;
let playing = false;
let epochsPerSlice = 1;
let rate = 0;
/** Schedules the next slice without setTimeout's 4 ms clamp on nested timers, after pending messages. */
const next = new MessageChannel();
next.port1.onmessage = () => slice();
const later = (): void => next.port2.postMessage(null);

let grids = { extent: 6, boundary: gridInputs(BOUNDARY_GRID, 6), neurons: gridInputs(NEURON_GRID, 6) };

function configure(next: PlaygroundRun): void {
  run = next;
  const extent = dataExtent(run.shown.train, run.shown.test);
  grids = {
    extent,
    boundary: run.modelInputs(gridInputs(BOUNDARY_GRID, extent)),
    neurons: run.modelInputs(gridInputs(NEURON_GRID, extent)),
  };
  const train = run.shown.train.slice();
  const test = run.shown.test.slice();
  scope.postMessage({ type: 'data', train, test }, [train.buffer, test.buffer]);
  snapshot();
}

function snapshot(): void {
  if (run === undefined) return;
  lastSnapshot = performance.now();
  const { settings } = run;
  const history = new Float64Array(run.history.length * 3);
  run.history.forEach((h, k) => history.set([h.epoch, h.trainLoss, h.testLoss], 3 * k));
  const features = run.train.features;
  const boundary = boundaryMap(run.model, settings.loss, run.classColors.length, grids.boundary, features);
  const maps = neuronMaps(
    run.model,
    activationIndices(settings.hidden.length, settings.batchNorm, settings.dropout > 0),
    grids.neurons,
    features,
  );
  const neurons = new Float32Array(maps.length * NEURON_GRID * NEURON_GRID);
  maps.forEach((map, k) => neurons.set(map, k * NEURON_GRID * NEURON_GRID));
  const message: PlaygroundReply = {
    type: 'snapshot',
    epoch: run.epoch,
    history,
    boundary,
    classColors: run.classColors,
    neurons,
    layerSizes: settings.hidden,
    extent: grids.extent,
    diverged: run.diverged,
    epochsPerSecond: rate,
    playing,
  };
  scope.postMessage(message, [history.buffer, boundary.buffer, neurons.buffer]);
}

/**
 * One slice: as many epochs as fit in SLICE_MS at the rate measured so far, never past the stop epoch;
 * epoch by epoch when there is a target loss, so training stops at the first epoch that reaches it.
 */
function slice(): void {
  if (!playing || run === undefined) return;
  const remaining = limits.epoch > 0 ? limits.epoch - run.epoch : Number.POSITIVE_INFINITY;
  const epochs = Math.min(limits.loss > 0 ? 1 : epochsPerSlice, remaining);
  const began = performance.now();
  if (epochs > 0) run.advance(epochs);
  const elapsed = Math.max(performance.now() - began, 1e-3);
  rate = (epochs * 1000) / elapsed;
  epochsPerSlice = Math.max(1, Math.min(1000, Math.round((epochsPerSlice * SLICE_MS) / elapsed)));
  if (run.diverged || stopReached(run)) playing = false;
  // Epoch by epoch, a snapshot goes out only once a frame's worth of time has passed.
  if (!playing || limits.loss <= 0 || performance.now() - lastSnapshot >= SLICE_MS) snapshot();
  if (playing) later();
}

function stopReached(r: PlaygroundRun): boolean {
  const last = r.history[r.history.length - 1];
  return (
    (limits.epoch > 0 && r.epoch >= limits.epoch) ||
    (limits.loss > 0 && last !== undefined && last.testLoss <= limits.loss)
  );
}

function handle(command: PlaygroundCommand): void {
  switch (command.type) {
    case 'configure':
      epochsPerSlice = 1;
      return configure(new PlaygroundRun(command.settings));
    case 'limits':
      limits = { epoch: command.epoch, loss: command.loss };
      return;
    case 'play':
      if (!playing && !(run && stopReached(run))) {
        playing = true;
        later();
      }
      return;
    case 'pause':
      playing = false;
      return snapshot();
    case 'step':
      playing = false;
      run?.advance(1);
      return snapshot();
    case 'rewind':
      if (run) configure(run.rewind());
      return;
    case 'weights':
      if (run) {
        const bytes = encodeSafetensors(modelToSafetensors(run.model), { epoch: String(run.epoch) });
        scope.postMessage({ type: 'weights', bytes }, [bytes.buffer]);
      }
  }
}

scope.onmessage = (event) => {
  try {
    handle(event.data);
  } catch (error) {
    playing = false;
    scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
