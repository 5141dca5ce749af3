import { ArgumentsHost, NotFoundException } from '@nestjs/common';
import { InvalidInputError, UnavailableError } from '../errors/input-errors';
import { ApiExceptionFilter } from './api-exception.filter';

/** What the filter answered, caught from a reply that records it. */
function answerTo(exception: unknown): { status: number; headers: Record<string, string>; body: Record<string, unknown> } {
  const answer = { status: 0, headers: {} as Record<string, string>, body: {} as Record<string, unknown> };
  const reply = {
    status: (status: number) => ((answer.status = status), reply),
    headers: (headers: Record<string, string>) => ((answer.headers = headers), reply),
    send: (body: Record<string, unknown>) => ((answer.body = body), reply),
  };
  // A request on no route, of a server that has none: a 404 stays a 404.
  const request = { url: '/nowhere', method: 'GET', is404: true, server: { hasRoute: () => false } };
  const host = { switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }) } as unknown as ArgumentsHost;
  new ApiExceptionFilter().catch(exception, host);
  return answer;
}

describe('the one exception filter', () => {
  it('answers a use case refusing its input 400, naming each field', () => {
    const answer = answerTo(new InvalidInputError([{ field: 'events[1].channel_type', reason: 'must be one of web, mobile' }], 'Invalid events'));
    expect(answer).toEqual({
      status: 400,
      headers: {},
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid events: events[1].channel_type must be one of web, mobile',
        errors: [{ field: 'events[1].channel_type', reason: 'must be one of web, mobile' }],
      },
    });
  });

  it('answers an unavailable dependency 503 with Retry-After', () => {
    const answer = answerTo(new UnavailableError('Kafka is unavailable, nothing was accepted', 5));
    expect(answer.status).toBe(503);
    expect(answer.headers).toEqual({ 'retry-after': '5' });
    expect(answer.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: 'Kafka is unavailable, nothing was accepted' });
  });

  it("keeps Nest's own HTTP errors, and hides an unexpected one behind an id", () => {
    expect(answerTo(new NotFoundException('Cannot GET /nowhere')).status).toBe(404);
    const unexpected = answerTo(new TypeError('boom'));
    expect(unexpected.status).toBe(500);
    expect(unexpected.body).toMatchObject({ statusCode: 500, message: 'Internal error', error_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });
});
