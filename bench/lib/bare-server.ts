/**
 * The baseline of http_send: a bare Fastify POST route in the same process layout as Pushgate's
 * server (server in the scenario process, autocannon in its own), parsing the same JSON body and
 * answering 201 with a small JSON object. The ratio to it measures Pushgate's own cost per request
 * (auth, validation, the durable write, the answer's reads), not the machine.
 */
import Fastify from 'fastify';

export async function startBareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  let seq = 0;
  app.post('/api/v1/push-notifications', async (request, reply) => {
    const body = request.body as { user_id?: string };
    return reply.status(201).send({ id: `ntf_${++seq}`, user_id: body.user_id ?? null, status: 'queued' });
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}
