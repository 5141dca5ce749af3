import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { DEFAULT_PROJECT } from '@tributary/contracts';

/** What a read may see: the events of one project, the one its read key belongs to. */
export interface ReadScope {
  readonly project: string;
}

/** The scope of a request when keys are off (the local default): the default project. */
export const OPEN_READ_SCOPE: ReadScope = { project: DEFAULT_PROJECT };

/** The request's read scope, set by the read-key guard; the open scope when keys are off. */
export const ReadScopeOf = createParamDecorator((_: unknown, context: ExecutionContext): ReadScope => {
  const request = context.switchToHttp().getRequest<{ readScope?: ReadScope }>();
  return request.readScope ?? OPEN_READ_SCOPE;
});
