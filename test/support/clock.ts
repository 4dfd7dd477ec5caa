/** A clock tests set by hand (domain/clock.ts): stores and engines read it instead of the system's. */
import type { Clock } from '../../src/domain/clock.js';

export class ManualClock implements Clock {
  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  set(ms: number): void {
    this.current = ms;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
