/**
 * The page's side of the race worker: sends the newest request, keeps the latest paths and critical
 * points as signals, and times each recompute from request to result (for the bench).
 */
import { signal } from '@preact/signals';
import type { FoundPoint, RacePath, RaceReply, RaceRequest } from './protocol';

export interface RaceTiming {
  /** Time in the worker for the last request's paths. */
  computeMs: number;
  /** From posting the request to receiving the paths on the main thread. */
  roundTripMs: number;
  /** From posting the request to the paths drawn on the map. */
  drawnMs: number;
}

export class RaceSimulation {
  readonly paths = signal<readonly RacePath[]>([]);
  /** The start the paths run from. */
  start: readonly [number, number] = [Number.NaN, Number.NaN];
  readonly critical = signal<readonly FoundPoint[]>([]);
  readonly error = signal('');
  readonly timing = signal<RaceTiming>({ computeMs: 0, roundTripMs: 0, drawnMs: 0 });
  private readonly worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  private nextId = 1;
  private readonly sentAt = new Map<number, number>();
  private latest = 0;
  private receivedSentAt = 0;

  constructor() {
    this.worker.onmessage = (event: MessageEvent<RaceReply>) => this.receive(event.data);
  }

  request(request: Omit<RaceRequest, 'id'>): void {
    const id = this.nextId++;
    this.latest = id;
    this.sentAt.set(id, performance.now());
    this.worker.postMessage({ ...request, id });
  }

  private receive(reply: RaceReply): void {
    if (reply.type === 'critical') {
      this.critical.value = reply.points;
      return;
    }
    const sent = this.sentAt.get(reply.id) ?? performance.now();
    for (const id of this.sentAt.keys()) if (id <= reply.id) this.sentAt.delete(id);
    if (reply.id < this.latest && reply.type === 'error') return;
    if (reply.type === 'error') {
      this.error.value = reply.message;
      return;
    }
    this.error.value = '';
    this.receivedSentAt = sent;
    this.start = reply.start;
    this.timing.value = { computeMs: reply.computeMs, roundTripMs: performance.now() - sent, drawnMs: Number.NaN };
    this.paths.value = reply.paths;
  }

  /** Called once the latest paths are on the map. */
  drawn(): void {
    this.timing.value = { ...this.timing.peek(), drawnMs: performance.now() - this.receivedSentAt };
  }
}
