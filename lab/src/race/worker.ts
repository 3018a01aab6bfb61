/**
 * The race's simulation: owns the surface and the optimizers, runs every racer from the start for the
 * whole number of steps (src/trace/trace.ts, as `downhill race` does) and posts the paths as transferred
 * typed arrays. Requests that arrive while one runs are coalesced: only the newest is computed, so a drag
 * never queues stale work. Critical points (Newton from a grid, classified by the Hessian) are found once
 * per surface, after the first paths are out.
 */
import { findCriticalPoints } from '../../../src/plot/figures/criticalPoints';
import { enableFormulas } from '../formulas';
import { parseFunctionSpec } from '../../../src/problems/expression';
import { createSurface } from '../../../src/problems/registry';
import type { Surface } from '../../../src/problems/surface';
import { traceSurface } from '../../../src/trace/trace';
import { glyphRecorder } from './glyphs';
import type { RacePath, RaceReply, RaceRequest } from './protocol';
import { scheduleSpec } from './state';

const scope = self as unknown as {
  postMessage(message: RaceReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<RaceRequest>) => void) | null;
};

let surfaceKey = '';
let surface: Surface | undefined;
let pending: RaceRequest | undefined;
let criticalFor = '';

function surfaceFor(fn: string): Surface {
  enableFormulas();
  if (surface === undefined || surfaceKey !== fn) {
    surface = createSurface(parseFunctionSpec(fn));
    surfaceKey = fn;
  }
  return surface;
}

function run(request: RaceRequest): void {
  const began = performance.now();
  try {
    const s = surfaceFor(request.fn);
    const paths = request.racers.map((racer) => racePath(s, request, racer));
    const computeMs = performance.now() - began;
    const transfer = paths.flatMap((p) => [
      p.points.buffer,
      p.loss.buffer,
      ...Object.values(p.glyphs).map((g) => g.buffer),
    ]);
    scope.postMessage({ type: 'paths', id: request.id, start: request.start, paths, computeMs }, transfer);
  } catch (error) {
    scope.postMessage({
      type: 'error',
      id: request.id,
      message: error instanceof Error ? error.message : String(error),
    });
    return;
  }
  if (criticalFor !== request.fn) {
    criticalFor = request.fn;
    const s = surfaceFor(request.fn);
    const found = findCriticalPoints(s, s.window, { starts: 21 });
    scope.postMessage({
      type: 'critical',
      fn: request.fn,
      points: found.map((p) => ({ x: p.point[0], y: p.point[1], kind: p.kind, value: p.value })),
    });
  }
}

function racePath(s: Surface, request: RaceRequest, racer: RaceRequest['racers'][number]): RacePath {
  const schedule = scheduleSpec(request.schedule, request.steps);
  if (schedule?.name === 'onecycle') schedule.maxLr = typeof racer.lr === 'number' ? racer.lr : 0.01;
  const recorder = request.glyphs.length > 0 ? glyphRecorder(racer.name, request.glyphs, request.steps) : undefined;
  try {
    const trace = traceSurface(
      s,
      { start: request.start, steps: request.steps, optimizer: racer, ...(schedule ? { schedule } : {}) },
      recorder?.observe,
    );
    const points = new Float64Array(trace.points.length * 2);
    trace.points.forEach(([x, y], k) => {
      points[2 * k] = x;
      points[2 * k + 1] = y;
    });
    const glyphs = recorder ? recorder.finish(s, points) : {};
    return { points, loss: Float64Array.from(trace.loss), diverged: trace.diverged?.step ?? 0, error: '', glyphs };
  } catch (error) {
    return {
      points: new Float64Array(0),
      loss: new Float64Array(0),
      diverged: 0,
      error: error instanceof Error ? error.message : String(error),
      glyphs: {},
    };
  }
}

/** Runs the newest request after the messages already queued, dropping any it replaced (a channel, not setTimeout's clamped timers). */
const later = new MessageChannel();
later.port1.onmessage = () => {
  const next = pending;
  pending = undefined;
  if (next) run(next);
};

scope.onmessage = (event) => {
  const idle = pending === undefined;
  pending = event.data;
  if (idle) later.port2.postMessage(null);
};
