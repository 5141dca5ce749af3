import { ExecutionContext, ForbiddenException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Access, KeyRing } from '@tributary/contracts';
import { UnauthorizedError } from '@tributary/platform';
import { AdminOnly } from './admin-only';
import { ReadKeyGuard, readKeyOf } from './read-key.guard';
import { ReadScope } from './read-scope';

const READ = 'blog-read-0123456789abcdef';
const ADMIN = 'blog-admin-0123456789abcdef';
const WRITE = 'blog-write-0123456789abcdef';
const keys = new Access('keys', new KeyRing([
  { key: READ, project: 'blog', role: 'read' },
  { key: ADMIN, project: 'blog', role: 'admin' },
  { key: WRITE, project: 'blog', role: 'write' },
]));

class Routes {
  read(): void {}

  @AdminOnly()
  administer(): void {}
}

function contextOf(request: object, handler: keyof Routes): ExecutionContext {
  return { switchToHttp: () => ({ getRequest: () => request }), getHandler: () => Routes.prototype[handler], getClass: () => Routes } as unknown as ExecutionContext;
}

/** The scope the guard sets on a request to `url` with these headers, or its refusal. */
function scopeOf(access: Access, headers: Record<string, string>, url = '/stats', handler: keyof Routes = 'read'): ReadScope | UnauthorizedError | ForbiddenException {
  const request: { headers: Record<string, string>; url: string; routeOptions: { url: string }; readScope?: ReadScope } = { headers, url, routeOptions: { url } };
  try {
    new ReadKeyGuard(access, new Reflector()).canActivate(contextOf(request, handler));
  } catch (error) {
    if (error instanceof UnauthorizedError || error instanceof ForbiddenException) return error;
    throw error;
  }
  return request.readScope as ReadScope;
}

describe('ReadKeyGuard', () => {
  it('reads the key from Bearer, else X-Read-Key', () => {
    expect(readKeyOf({ authorization: `Bearer ${READ}` })).toBe(READ);
    expect(readKeyOf({ authorization: `bearer  ${READ} ` })).toBe(READ);
    expect(readKeyOf({ 'x-read-key': READ })).toBe(READ);
    expect(readKeyOf({ authorization: 'Basic abc' })).toBeUndefined();
  });

  it("keys: scopes a read or admin key's request to its project", () => {
    expect(scopeOf(keys, { authorization: `Bearer ${READ}` })).toEqual({ project: 'blog' });
    expect(scopeOf(keys, { 'x-read-key': ADMIN })).toEqual({ project: 'blog' });
  });

  it('keys: refuses none, an unknown key and a write key, naming the header, quoting no key', () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer nope-nope-nope-nope' }, { authorization: `Bearer ${WRITE}` }]) {
      const refusal = scopeOf(keys, headers) as UnauthorizedError;
      expect(refusal).toBeInstanceOf(UnauthorizedError);
      expect(refusal.fieldErrors[0].field).toBe('authorization');
      expect(refusal.challenge).toBe('Bearer realm="tributary"');
      expect(refusal.message).not.toContain('blog-');
    }
  });

  it('admin routes: take the admin key, refuse a read key 403 naming the header, and anyone when keys are off', () => {
    expect(scopeOf(keys, { authorization: `Bearer ${ADMIN}` }, '/admin/erasures', 'administer')).toEqual({ project: 'blog' });
    const refusal = scopeOf(keys, { authorization: `Bearer ${READ}` }, '/admin/erasures', 'administer') as ForbiddenException;
    expect(refusal).toBeInstanceOf(ForbiddenException);
    expect(refusal.getStatus()).toBe(403);
    expect(refusal.getResponse()).toMatchObject({ statusCode: 403, errors: [{ field: 'authorization', reason: expect.stringContaining('admin key') }] });
    expect(JSON.stringify(refusal.getResponse())).not.toContain('blog-');
    expect(scopeOf(keys, { authorization: `Bearer ${WRITE}` }, '/admin/erasures', 'administer')).toBeInstanceOf(UnauthorizedError);
    expect(scopeOf(Access.open(), {}, '/admin/erasures', 'administer')).toEqual({ project: 'default' });
  });

  it('leaves the probes open, and scopes every read to default when keys are off', () => {
    expect(scopeOf(keys, {}, '/health')).toBeUndefined();
    expect(scopeOf(Access.open(), {})).toEqual({ project: 'default' });
  });
});
