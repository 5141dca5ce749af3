import { FastifyInstance } from 'fastify';

/**
 * Every body reaches its route as bytes, whatever type it claims: each route reads it as its
 * producers send it (read-body.ts), as seed 002's curl sends JSON under the form type and
 * posthog-js sends gzip under text/plain.
 */
export function readBodiesAsBytes(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
}
