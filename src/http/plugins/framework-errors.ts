/**
 * The errors Fastify and Node answer themselves, before any route runs, in the same
 * application/problem+json as every other error (their own answer is `{error, message, statusCode}`):
 *   - through Fastify's `frameworkErrors`: a path that is not valid percent-encoded UTF-8 (400) and
 *     a path parameter longer than `maxParamLength` (414);
 *   - through `clientErrorHandler`, on the bare socket (there is no request or reply yet): a
 *     request line plus headers over Node's `maxHeaderSize` (431; a very long URL counts), a
 *     client too slow to send its headers (408), and a request Node cannot parse (400).
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_TYPE_BASE } from '../problem.ts';
import { sendProblem } from './errors.ts';

/** Fastify's default; a longer path parameter is refused with 414 before the route runs. */
export const MAX_PARAM_LENGTH = 100;

/** Node's default `maxHeaderSize`: the request line and headers together. */
const MAX_HEADER_BYTES = 16 * 1024;

export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  switch (error.code) {
    case 'FST_ERR_MAX_PARAM_LENGTH':
      sendProblem(reply, request, 414, 'URI_TOO_LONG', `a path segment is longer than ${MAX_PARAM_LENGTH} characters`);
      return;
    case 'FST_ERR_BAD_URL':
      sendProblem(reply, request, 400, 'BAD_URL', 'the path is not valid percent-encoded UTF-8', [
        { field: 'path', message: 'is not valid percent-encoded UTF-8' },
      ]);
      return;
    default:
      request.log.error({ err: error }, 'routing error');
      sendProblem(reply, request, 500, 'INTERNAL', 'an internal error occurred; the request id identifies it in the server log');
  }
}

type ClientError = Error & { code?: string };

/** What Node refused, as status and problem code; null when the client is gone. */
function classify(err: ClientError): { status: number; code: string; detail: string } | null {
  if (err.code === 'ECONNRESET') return null;
  if (err.code === 'HPE_HEADER_OVERFLOW')
    return { status: 431, code: 'HEADERS_TOO_LARGE', detail: `the request line and headers are larger than ${MAX_HEADER_BYTES} bytes (a long URL counts)` };
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, code: 'REQUEST_TIMEOUT', detail: 'the request was not received in time' };
  return { status: 400, code: 'BAD_REQUEST', detail: 'the request is not valid HTTP/1.1' };
}

/** Node's `clientError`: answers on the socket, then closes it (the connection's state is unknown). */
export function clientErrorHandler(err: ClientError, socket: Socket): void {
  const answer = classify(err);
  if (answer === null || socket.destroyed) return;
  if (socket.writable) {
    const body = JSON.stringify({
      type: `${PROBLEM_TYPE_BASE}${answer.code.toLowerCase().replace(/_/g, '-')}`,
      title: answer.code,
      status: answer.status,
      code: answer.code,
      detail: answer.detail,
      instance: '',
      request_id: randomUUID(),
    });
    socket.write(
      `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
