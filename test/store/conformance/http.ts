/** HTTP idempotent responses and API keys. */
import { describe, expect, it } from 'vitest';
import { type ConformanceContext, T0 } from './context.js';

export function httpConformance({ fresh }: ConformanceContext): void {
  describe('idempotent responses', () => {
    it('replays a saved response from notBefore on, per scope, the latest save winning', async () => {
      const store = await fresh();
      expect(await store.getIdempotentResponse('s', 'k', 0)).toBeNull();
      const body = { id: 'ntf_1', list: [1, 'two', null], nested: { ok: true, none: null }, text: 'é "q"' };
      await store.saveIdempotentResponse('s', 'k', { status: 201, body }, T0);
      expect(await store.getIdempotentResponse('s', 'k', T0 - 86_400_000)).toEqual({ status: 201, body });
      expect(await store.getIdempotentResponse('s', 'k', T0)).toEqual({ status: 201, body });
      expect(await store.getIdempotentResponse('s', 'k', T0 + 1)).toBeNull();
      expect(await store.getIdempotentResponse('other', 'k', 0)).toBeNull();
      expect(await store.getIdempotentResponse('s', 'other', 0)).toBeNull();

      await store.saveIdempotentResponse('s', 'k', { status: 200, body: 'plain' }, T0 + 10);
      expect(await store.getIdempotentResponse('s', 'k', T0 + 5)).toEqual({ status: 200, body: 'plain' });
      await store.saveIdempotentResponse('s', 'empty', { status: 204, body: null }, T0);
      expect(await store.getIdempotentResponse('s', 'empty', 0)).toEqual({ status: 204, body: null });
      await store.saveIdempotentResponse('s', 'list', { status: 200, body: [1, 2, 3] }, T0);
      expect(await store.getIdempotentResponse('s', 'list', 0)).toEqual({ status: 200, body: [1, 2, 3] });
    });

    it('purges responses saved before a time, oldest first, at most limit per call', async () => {
      const store = await fresh();
      for (let i = 0; i < 5; i++) await store.saveIdempotentResponse('s', `old${i}`, { status: 201, body: i }, T0 + i);
      await store.saveIdempotentResponse('s', 'new', { status: 201, body: 'kept' }, T0 + 100);
      expect(await store.purgeIdempotentResponses(T0 + 100, 3)).toBe(3);
      expect(await store.getIdempotentResponse('s', 'old0', 0)).toBeNull();
      expect(await store.getIdempotentResponse('s', 'old3', 0)).toEqual({ status: 201, body: 3 });
      expect(await store.purgeIdempotentResponses(T0 + 100, 10)).toBe(2);
      expect(await store.purgeIdempotentResponses(T0 + 100, 10)).toBe(0);
      expect(await store.getIdempotentResponse('s', 'new', 0)).toEqual({ status: 201, body: 'kept' });
    });
  });

  describe('API keys', () => {
    it('creates, lists, finds by hash and revokes keys', async () => {
      const store = await fresh();
      expect(await store.listApiKeys()).toEqual([]);
      await store.createApiKey({ id: 'key_1', name: 'ci', hash: 'hash-1', prefix: 'pg_ab12' }, T0);
      await store.createApiKey({ id: 'key_2', name: 'admin', hash: 'hash-2', prefix: 'pg_cd34' }, T0 + 1);
      const listed = await store.listApiKeys();
      expect(listed).toEqual([
        { id: 'key_1', name: 'ci', prefix: 'pg_ab12', createdAt: T0, revokedAt: null },
        { id: 'key_2', name: 'admin', prefix: 'pg_cd34', createdAt: T0 + 1, revokedAt: null },
      ]);
      expect(await store.findApiKeyByHash('hash-1')).toEqual({ id: 'key_1', revokedAt: null });
      expect(await store.findApiKeyByHash('nope')).toBeNull();

      expect(await store.revokeApiKey('key_1', T0 + 5)).toBe(true);
      expect(await store.revokeApiKey('key_1', T0 + 6)).toBe(false);
      expect(await store.revokeApiKey('key_unknown', T0 + 6)).toBe(false);
      expect(await store.findApiKeyByHash('hash-1')).toEqual({ id: 'key_1', revokedAt: T0 + 5 });
      expect((await store.listApiKeys())[0]).toMatchObject({ id: 'key_1', revokedAt: T0 + 5 });
      await expect(store.createApiKey({ id: 'key_3', name: 'dup', hash: 'hash-2', prefix: 'pg_x' }, T0 + 7)).rejects.toThrow();
      expect((await store.listApiKeys()).filter((k) => k.revokedAt === null).map((k) => k.id)).toEqual(['key_2']);
    });
  });
}
