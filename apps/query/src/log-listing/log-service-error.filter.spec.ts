import { ArgumentsHost } from '@nestjs/common';
import { InvalidInputError } from '@tributary/platform';
import { LogServiceErrorFilter } from './log-service-error.filter';

function answerTo(error: InvalidInputError): { status: number; body: unknown } {
  const answer = { status: 0, body: undefined as unknown };
  const reply = {
    status: (status: number) => ((answer.status = status), reply),
    send: (body: unknown) => ((answer.body = body), reply),
  };
  new LogServiceErrorFilter().catch(error, { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost);
  return answer;
}

describe("seed 002's error answer", () => {
  it('is seed 002\'s example 4: {"error": {"sort": "invalid sort value"}}', () => {
    const answer = answerTo(new InvalidInputError([{ field: 'sort', reason: 'invalid sort value' }]));
    expect([answer.status, JSON.stringify(answer.body)]).toEqual([400, '{"error":{"sort":"invalid sort value"}}']);
  });

  it('names every invalid parameter, in the order they were found', () => {
    const answer = answerTo(
      new InvalidInputError([
        { field: 'page', reason: 'must be greater than zero' },
        { field: 'customer_id', reason: 'must be an integer value' },
      ]),
    );
    expect(JSON.stringify(answer.body)).toBe('{"error":{"page":"must be greater than zero","customer_id":"must be an integer value"}}');
  });
});
