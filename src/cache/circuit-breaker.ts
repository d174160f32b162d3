/**
 * Stops calling Redis after `failureThreshold` consecutive failures, so an outage costs the hot
 * path nothing instead of a command timeout per request. After `cooldownMs` one probe call is let
 * through (half-open): its success closes the circuit, its failure opens it for another cool-down.
 */
import type { Clock } from './clock.ts';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
}

export class CircuitBreaker {
  #state: CircuitState = 'closed';
  #consecutiveFailures = 0;
  #openedAt = 0;
  #probeInFlight = false;
  #opens = 0;

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly clock: Clock,
  ) {}

  get state(): CircuitState {
    return this.#state;
  }

  /** How many times the circuit has opened. */
  get opens(): number {
    return this.#opens;
  }

  /** Whether a call may go to Redis now. In half-open, true for exactly one caller at a time. */
  tryAcquire(): boolean {
    if (this.#state === 'closed') return true;
    if (this.#state === 'open') {
      if (this.clock() - this.#openedAt < this.options.cooldownMs) return false;
      this.#state = 'half-open';
    }
    if (this.#probeInFlight) return false;
    this.#probeInFlight = true;
    return true;
  }

  succeed(): void {
    this.#consecutiveFailures = 0;
    this.#probeInFlight = false;
    this.#state = 'closed';
  }

  fail(): void {
    this.#consecutiveFailures++;
    this.#probeInFlight = false;
    if (this.#state === 'half-open' || (this.#state === 'closed' && this.#consecutiveFailures >= this.options.failureThreshold)) {
      this.#state = 'open';
      this.#openedAt = this.clock();
      this.#opens++;
    }
  }
}
