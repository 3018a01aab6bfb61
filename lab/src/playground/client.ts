/** The page's side of the training worker: the latest snapshot and data as signals, and the commands. */
import { signal } from '@preact/signals';
import type { PlaygroundCommand, PlaygroundData, PlaygroundReply, PlaygroundSnapshot } from './protocol';

export class PlaygroundClient {
  readonly snapshot = signal<PlaygroundSnapshot | null>(null);
  readonly data = signal<PlaygroundData | null>(null);
  readonly error = signal('');
  private readonly worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  private weightsWanted: ((bytes: Uint8Array) => void) | null = null;

  constructor() {
    this.worker.onmessage = (event: MessageEvent<PlaygroundReply>) => {
      const reply = event.data;
      if (reply.type === 'snapshot') this.snapshot.value = reply;
      else if (reply.type === 'data') this.data.value = reply;
      else if (reply.type === 'weights') this.weightsWanted?.(reply.bytes);
      else this.error.value = reply.message;
    };
  }

  send(command: PlaygroundCommand): void {
    if (command.type === 'configure') this.error.value = '';
    this.worker.postMessage(command);
  }

  weights(): Promise<Uint8Array> {
    return new Promise((resolve) => {
      this.weightsWanted = resolve;
      this.send({ type: 'weights' });
    });
  }
}
