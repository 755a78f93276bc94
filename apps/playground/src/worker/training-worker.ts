// The page's training worker: Glia, its backends (gpu.js renders into an OffscreenCanvas here),
// the data and the model live in this thread, so the page never waits for a batch.
import type { PageRequest, WorkerEvent } from './protocol';
import { PlaygroundSession } from './session';

/** The parts of a dedicated worker's global scope used here (the DOM lib types `self` as a window). */
interface WorkerScope {
  postMessage(message: WorkerEvent, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<PageRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;
const session = new PlaygroundSession((event, transfer = []) => scope.postMessage(event, transfer));

scope.addEventListener('message', (e) => {
  void session.handle(e.data);
});
