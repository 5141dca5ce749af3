import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { FieldError } from '@tributary/contracts';
import { InvalidInputError } from '@tributary/platform';
import { FastifyReply } from 'fastify';

/** Seed 002's error answer: each invalid parameter and why, `{"error": {"sort": "invalid sort value"}}`. */
function logServiceErrorOf(errors: FieldError[]): { error: Record<string, string> } {
  return { error: Object.fromEntries(errors.map(({ field, reason }) => [field, reason])) };
}

/** Scoped to seed 002's controller: its invalid queries answer in its shape, every other route in the platform's. */
@Catch(InvalidInputError)
export class LogServiceErrorFilter implements ExceptionFilter<InvalidInputError> {
  catch(error: InvalidInputError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<FastifyReply>().status(400).send(logServiceErrorOf(error.fieldErrors));
  }
}
