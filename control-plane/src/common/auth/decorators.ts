import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal';

export const PUBLIC_KEY = 'strata:public';

/** The route needs no API key. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated caller of the request (set by AuthGuard). */
export const Caller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
