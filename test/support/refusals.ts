import { Answer } from './platform';

/** The platform's error answer (libs/platform/src/http/api-error.ts). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors: Array<{ field: string; reason: string }>;
}

/** The answer is a refusal with this status, naming the field and why among its errors. */
export function expectRefused(answer: Answer<unknown>, status: number, field: string, reason: RegExp | string): void {
  const body = answer.body as ErrorBody;
  expect({ status: answer.status, statusCode: body.statusCode }).toEqual({ status, statusCode: status });
  expect(body.errors).toEqual(expect.arrayContaining([{ field, reason: expect.stringMatching(reason) }]));
}
