/**
 * Bare Fastify for the HTTP baselines, in its own process like the app it is compared with:
 * answers GET and POST on /bare with the body and content type given in BARE_BODY_FILE.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const body = readFileSync(process.env.BARE_BODY_FILE!, 'utf8');
const app = Fastify({ bodyLimit: 16 * 1024 * 1024 });
app.get('/bare', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
app.post('/bare', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${address}\n`);
