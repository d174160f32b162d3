// Supplier match thread entry: worker threads do not inherit the TypeScript loader (tsx) of the
// main thread, so register it here before loading the thread's code (as ingest/cbam-thread-entry.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./thread-worker.ts');
