import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ErasureRequestDto } from './erasure-request.dto';

const USER_ID_REASON = 'must be a non-empty string of at most 256 characters: the user id (or anonymous id) whose events to erase';

/** Each refused field and its one reason, as the app's validation pipe finds them. */
function reasonsOf(body: Record<string, unknown>): Record<string, string> {
  const errors = validateSync(plainToInstance(ErasureRequestDto, body), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, stopAtFirstError: true });
  return Object.fromEntries(errors.map((error) => [error.property, Object.values(error.constraints ?? {})[0]]));
}

describe('the body of POST /admin/erasures', () => {
  it.each(['user-123', 'u', 'ü'.repeat(256)])('takes the user id %j', (user_id) => {
    expect(reasonsOf({ user_id })).toEqual({});
  });

  it.each([undefined, '', 'u'.repeat(257), 42, null, ['a']])('refuses the user id %j, naming user_id', (user_id) => {
    expect(reasonsOf({ user_id })).toEqual({ user_id: USER_ID_REASON });
  });

  it('refuses a field it does not know (the project is the key\'s, never the body\'s)', () => {
    expect(reasonsOf({ user_id: 'u', project: 'other' })).toEqual({ project: 'property project should not exist' });
  });
});
