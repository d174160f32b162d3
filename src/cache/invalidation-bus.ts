/**
 * Carries invalidations between instances over Redis pub/sub, so a write on one instance evicts
 * the key from every other instance's L1. Pub/sub delivers at most once: messages sent while a
 * subscriber is disconnected are lost, so when the subscription comes back the instance clears
 * its L1 (a resync) rather than risk serving a value invalidated meanwhile.
 *
 * Subscribing needs a connection of its own; it is duplicated from the cache's client but keeps
 * its commands queued while disconnected and without a timeout, since it waits for messages.
 */
import type { Redis } from 'ioredis';

export type Invalidation = { key: string } | { tag: string } | { prefix: string };

interface Message {
  /** Cache name: caches of several types share the channel. */
  c: string;
  /** Sending instance, which has already applied the invalidation itself. */
  o: string;
  k?: string;
  t?: string;
  p?: string;
}

export interface InvalidationBusOptions {
  redis: Redis;
  channel: string;
  cacheName: string;
  origin: string;
  /** Sends on the cache's own client, through its circuit breaker; false when it could not. */
  publish(channel: string, message: string): Promise<boolean>;
  onInvalidation(invalidation: Invalidation): void;
  onResync(): void;
}

export class InvalidationBus {
  readonly #subscriber: Redis;
  readonly #subscribed: Promise<void>;

  constructor(private readonly options: InvalidationBusOptions) {
    this.#subscriber = options.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined, lazyConnect: false });
    // Connection errors are retried by ioredis; without a listener it would print each one.
    this.#subscriber.on('error', () => {});
    let connectedBefore = false;
    this.#subscriber.on('ready', () => {
      if (connectedBefore) options.onResync();
      connectedBefore = true;
    });
    this.#subscriber.on('message', (channel: string, text: string) => {
      if (channel === options.channel) this.#receive(text);
    });
    this.#subscribed = this.#subscriber.subscribe(options.channel).then(
      () => undefined,
      () => undefined, // closed before it connected
    );
  }

  /** Resolves once the subscription is active (or the bus was closed first). */
  get subscribed(): Promise<void> {
    return this.#subscribed;
  }

  publish(invalidation: Invalidation): Promise<boolean> {
    const message: Message = { c: this.options.cacheName, o: this.options.origin };
    if ('key' in invalidation) message.k = invalidation.key;
    else if ('tag' in invalidation) message.t = invalidation.tag;
    else message.p = invalidation.prefix;
    return this.options.publish(this.options.channel, JSON.stringify(message));
  }

  close(): void {
    this.#subscriber.disconnect();
  }

  #receive(text: string): void {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      return; // not ours: another program publishing on the channel
    }
    if (message.c !== this.options.cacheName || message.o === this.options.origin) return;
    if (typeof message.k === 'string') this.options.onInvalidation({ key: message.k });
    else if (typeof message.t === 'string') this.options.onInvalidation({ tag: message.t });
    else if (typeof message.p === 'string') this.options.onInvalidation({ prefix: message.p });
  }
}
