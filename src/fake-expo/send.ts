/** POST /--/api/v2/push/send */
import type { IncomingMessage } from 'node:http';
import { checkAccessToken } from './auth.js';
import { readBody } from './body.js';
import { delay, type FakeContext } from './context.js';
import type { Ticket } from './protocol.js';
import { groupByProject, MAX_MESSAGES, recipients } from './protocol.js';
import { expoError, failureReply, json, MALFORMED_BODIES, type Reply, tooManyRequests } from './replies.js';
import { ticketFor } from './tickets.js';

const MULTI_PROJECT_MESSAGE = 'All push notification messages in the same request must be for the same project; separate your push notifications by project.';

/** What to do with a request instead of answering it: leave it hanging, or reset its connection. */
export type NoReply = 'hang' | 'reset';

/**
 * Answers one /send request, or says how to leave it unanswered.
 * Order: auth, latency, injected request faults, validation, project check, rate limit,
 * malformed answers, tickets, reset after accepting; the messages count as accepted only once
 * they have tickets.
 */
export async function handleSend(ctx: FakeContext, req: IncomingMessage): Promise<Reply | NoReply> {
  const { state } = ctx;
  // The rate limit and the timeline use the arrival time, as Expo's edge would see it.
  const arrived = ctx.clock();
  state.counters.sendRequests++;
  const raw = await readBody(req, () => state.counters.gzipRequests++);
  checkAccessToken(req, ctx.accessToken);
  await delay(state.faults.latencyMs);

  const { faults } = state;
  if (faults.hangNextRequests > 0) {
    faults.hangNextRequests--;
    state.faulted.hung++;
    return 'hang';
  }
  if (faults.resetNextRequests > 0) {
    faults.resetNextRequests--;
    state.faulted.reset++;
    return 'reset';
  }
  const failure = faults.failNextRequests[0];
  if (failure) {
    if (--failure.count <= 0) faults.failNextRequests.shift();
    state.faulted.failed++;
    return failureReply(failure);
  }
  if (faults.serverErrorRate > 0 && Math.random() < faults.serverErrorRate) {
    state.faulted.serverErrors++;
    return failureReply({ count: 1, status: 503 });
  }

  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw expoError(400, 'VALIDATION_ERROR', 'The request body must be valid JSON.');
  }
  const list = recipients(body);
  if (typeof list === 'string') throw expoError(400, 'VALIDATION_ERROR', list);
  if (list.length === 0) throw expoError(400, 'VALIDATION_ERROR', 'The request must contain at least one push notification.');
  if (list.length > MAX_MESSAGES) {
    throw expoError(
      400,
      'PUSH_TOO_MANY_NOTIFICATIONS',
      `You are trying to send more than ${MAX_MESSAGES} push notifications in one request; send at most ${MAX_MESSAGES} at a time.`,
    );
  }
  state.counters.messagesReceived += list.length;

  const byProject = groupByProject(list, ctx.defaultProject);
  if (byProject.size > 1) {
    throw expoError(400, 'PUSH_TOO_MANY_EXPERIENCE_IDS', MULTI_PROJECT_MESSAGE, {
      details: Object.fromEntries(byProject),
      isTransient: false,
    });
  }
  const project = byProject.keys().next().value as string;
  const waitSeconds = ctx.limiter.take(faults.rateLimit, project, list.length, arrived);
  if (waitSeconds > 0) {
    state.faulted.rateLimited++;
    throw tooManyRequests(project, waitSeconds);
  }
  if (faults.malformedNextRequests > 0) {
    faults.malformedNextRequests--;
    state.faulted.malformed++;
    const text = MALFORMED_BODIES[faults.malformedNextRequests % MALFORMED_BODIES.length]!;
    return { status: 200, body: text, contentType: 'application/json; charset=utf-8' };
  }

  const now = Date.now();
  const before = state.counters.messagesAccepted;
  // Recipients of one message share its content object; serialise it once.
  let lastContent: unknown;
  let lastJson = '';
  const tickets: Ticket[] = list.map((recipient) => {
    if (recipient.content !== lastContent) {
      lastContent = recipient.content;
      lastJson = JSON.stringify(recipient.content);
    }
    return ticketFor(state, recipient, lastJson, now);
  });
  const accepted = state.counters.messagesAccepted - before;
  if (accepted > 0) state.markAccepted(performance.timeOrigin + arrived, project, accepted);
  if (faults.resetAfterAcceptNextRequests > 0) {
    faults.resetAfterAcceptNextRequests--;
    state.faulted.resetAfterAccept++;
    return 'reset';
  }
  const single = !Array.isArray(body) && !Array.isArray((body as { to?: unknown }).to);
  // Never an `errors` field in a 200: expo-server-sdk treats even an empty one as a failure.
  return json(200, { data: single ? tickets[0] : tickets });
}
