/** Claimed deliveries become requests: one Expo project per request, at most `size` each. */
import { describe, expect, it } from 'vitest';
import { groupIntoRequests } from '../src/engine/dispatcher.js';
import type { ClaimedDelivery } from '../src/store/port.js';

const d = (id: string, project: string | null): ClaimedDelivery => ({ id, notificationId: `ntf_${id}`, token: `t${id}`, project, attempts: 0, content: {} });

describe('groupIntoRequests', () => {
  it('keeps one project per request, claim order within it, and splits at the size', () => {
    const claimed = [d('1', 'a'), d('2', null), d('3', 'a'), d('4', 'b'), d('5', 'a'), d('6', null)];
    expect(groupIntoRequests(claimed, 2).map((r) => r.map((x) => x.id))).toEqual([['1', '3'], ['5'], ['2', '6'], ['4']]);
  });

  it('returns no request for no delivery, and one for a single one', () => {
    expect(groupIntoRequests([], 100)).toEqual([]);
    expect(groupIntoRequests([d('1', null)], 100)).toHaveLength(1);
  });
});
