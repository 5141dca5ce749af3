import httpProxy from '@fastify/http-proxy';
import { apiErrorBody } from '@tributary/platform';
import { FastifyError, FastifyInstance, FastifyReply, RawServerBase, RouteGenericInterface } from 'fastify';
import { READ_PATHS } from './read-paths';

/** Longer than the query app waits for ClickHouse (60 s), so that its own answer, whatever it is, comes through. */
const ANSWER_TIMEOUT_MS = 65_000;
const CONNECT_TIMEOUT_MS = 5_000;
const RETRY_AFTER_SECONDS = 5;

export const READ_FORWARDING_NOTE = `GET ${READ_PATHS.join(', ')} are forwarded unchanged to the query app, which documents them.`;

/**
 * Each seed's clients read from the address they write to: the gateway forwards the reads (GET
 * and HEAD) to the query app, path and query string as sent, and sends its answer
 * back as it is, 4xx included. A query app that cannot be reached is a 503, one that does not
 * answer in time a 504, both in the platform's error shape.
 */
export async function forwardReads(fastify: FastifyInstance, queryUrl: string, answerTimeoutMs = ANSWER_TIMEOUT_MS): Promise<void> {
  await fastify.register(httpProxy, {
    upstream: queryUrl,
    routes: [...READ_PATHS],
    httpMethods: ['GET', 'HEAD'],
    // No body to pass on, and a parser of its own would clash with the gateway's parser of every type.
    proxyPayloads: false,
    // reply-from turns certificate checks off unless told otherwise.
    undici: { headersTimeout: answerTimeoutMs, bodyTimeout: answerTimeoutMs, connect: { timeout: CONNECT_TIMEOUT_MS, rejectUnauthorized: true } },
    replyOptions: {
      // As sent, byte for byte: the proxy would otherwise parse and re-encode it.
      queryString: (_search, url) => (url.includes('?') ? url.slice(url.indexOf('?') + 1) : ''),
      // The query app's own 503 is its answer, not a reason to ask again.
      retryDelay: () => null,
      onError: (reply, { error }) => answerUnanswered(reply, error as FastifyError, answerTimeoutMs),
    },
  });
}

function answerUnanswered(reply: FastifyReply<RouteGenericInterface, RawServerBase>, error: FastifyError, answerTimeoutMs: number): void {
  const read = `${reply.request.method} ${reply.request.url.split('?')[0]}`;
  if (error.code === 'FST_REPLY_FROM_GATEWAY_TIMEOUT') {
    reply.code(504).send(apiErrorBody(504, `The query app, which answers ${read}, did not answer within ${answerTimeoutMs} ms`));
    return;
  }
  const cause = (error.cause as NodeJS.ErrnoException | undefined)?.code ?? error.code;
  reply
    .code(503)
    .header('retry-after', String(RETRY_AFTER_SECONDS))
    .send(apiErrorBody(503, `The query app, which answers ${read}, cannot be reached now (${cause}); retry later`));
}
