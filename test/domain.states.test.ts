/** A notification's status from its deliveries (src/domain/states.ts), the rule the stores' SQL follows. */
import { describe, expect, it } from 'vitest';
import { deriveStatus, isFinal, isSettled } from '../src/domain/states.js';

describe('deriveStatus', () => {
  it('ranks in-progress states first, then delivered > sent > maybe_delivered > failed, canceled only when all are', () => {
    expect(deriveStatus(['failed', 'sending', 'delivered'])).toBe('sending');
    expect(deriveStatus(['queued', 'retrying'])).toBe('retrying');
    expect(deriveStatus(['failed', 'queued'])).toBe('queued');
    expect(deriveStatus(['failed', 'sent', 'delivered'])).toBe('delivered');
    expect(deriveStatus(['failed', 'maybe_delivered', 'sent'])).toBe('sent');
    expect(deriveStatus(['failed', 'maybe_delivered', 'canceled'])).toBe('maybe_delivered');
    expect(deriveStatus(['failed', 'canceled'])).toBe('failed');
    expect(deriveStatus(['canceled', 'canceled'])).toBe('canceled');
    expect(deriveStatus([])).toBe('canceled');
  });
});

describe('isSettled and isFinal', () => {
  it('settled once Expo answered every delivery; final once nothing can change', () => {
    const of = (...states: Parameters<typeof deriveStatus>[0]) => states.map((state) => ({ state }));
    expect(isSettled(of('sent', 'failed'))).toBe(true);
    expect(isSettled(of('sent', 'retrying'))).toBe(false);
    expect(isFinal(of('sent', 'failed'))).toBe(false);
    expect(isFinal(of('delivered', 'failed', 'maybe_delivered', 'canceled'))).toBe(true);
  });
});
