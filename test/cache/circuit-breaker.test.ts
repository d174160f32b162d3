import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/cache/circuit-breaker.ts';
import { ManualClock } from './support.ts';

function breaker() {
  const clock = new ManualClock();
  return { clock, breaker: new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1_000 }, clock.read) };
}

describe('circuit breaker', () => {
  it('opens after the threshold of consecutive failures, not before', () => {
    const { breaker: b } = breaker();
    b.fail();
    b.fail();
    b.succeed();
    b.fail();
    b.fail();
    expect(b.state).toBe('closed');
    b.fail();
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBe(false);
    expect(b.opens).toBe(1);
  });

  it('lets one probe through after the cool-down; its success closes the circuit', () => {
    const { clock, breaker: b } = breaker();
    for (let i = 0; i < 3; i++) b.fail();
    clock.advance(999);
    expect(b.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(b.tryAcquire()).toBe(true);
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire()).toBe(false); // one probe at a time
    b.succeed();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
  });

  it('reopens for another cool-down when the probe fails', () => {
    const { clock, breaker: b } = breaker();
    for (let i = 0; i < 3; i++) b.fail();
    clock.advance(1_000);
    expect(b.tryAcquire()).toBe(true);
    b.fail();
    expect(b.state).toBe('open');
    expect(b.opens).toBe(2);
    clock.advance(500);
    expect(b.tryAcquire()).toBe(false);
    clock.advance(500);
    expect(b.tryAcquire()).toBe(true);
  });
});
