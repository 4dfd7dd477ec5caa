/**
 * The comparison point: the official expo-server-sdk sending N messages, chunked, at its default
 * concurrency, storing nothing. Runs in its own process because the SDK reads EXPO_BASE_URL once
 * at import.
 */
const [url, countArg] = process.argv.slice(2);
process.env.EXPO_BASE_URL = url;
const { Expo } = await import('expo-server-sdk');
const count = Number(countArg);
const expo = new Expo();
const messages = Array.from({ length: count }, (_, i) => ({
  to: `ExponentPushToken[u${i.toString(36)}xxxxxxxx]`,
  title: 'bench',
  body: 'uncapped',
  data: { n: 1 },
}));
const chunks = expo.chunkPushNotifications(messages);
const started = performance.now();
const tickets = (await Promise.all(chunks.map((chunk) => expo.sendPushNotificationsAsync(chunk)))).flat();
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ msgs_per_s: count / seconds, accepted: tickets.filter((t) => t.status === 'ok').length })}\n`);
