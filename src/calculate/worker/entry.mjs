// Worker-thread entry: worker threads do not inherit the TypeScript loader (tsx) of the main
// thread, so register it here before loading the worker's code.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
