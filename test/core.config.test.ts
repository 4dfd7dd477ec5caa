/** Option defaults that depend on one another, and range checks. */
import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolveConfig } from '../src/core/config.js';

describe('resolveConfig', () => {
  it('gives every Expo request in flight a connection of its own unless told otherwise', () => {
    expect(resolveConfig({}).expo.connections).toBe(DEFAULTS.concurrency);
    expect(resolveConfig({ concurrency: 7 }).expo.connections).toBe(7);
    expect(resolveConfig({ concurrency: 7, expo: { connections: 3 } }).expo.connections).toBe(3);
  });

  it('names the option that is out of range', () => {
    expect(() => resolveConfig({ expo: { connections: 0 } })).toThrow(/expo\.connections must be a number between 1 and 1000, got 0/);
    expect(() => resolveConfig({ concurrency: 0 })).toThrow(/concurrency must be a number between 1 and 1000/);
  });
});
