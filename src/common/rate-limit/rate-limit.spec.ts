import { HttpException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Throttle, ThrottlerStorageService } from '@nestjs/throttler';
import { perMinute, RateLimitGuard, type RateLimits } from './rate-limit';

class Routes {
  @Throttle({ default: perMinute('login') })
  login(): void {}

  open(): void {}
}

const limits = (login: number): RateLimits => ({
  register: 100,
  login,
  refresh: 100,
  site_create: 100,
  comment: 100,
});

/** A request to `handler` of Routes from `ip`, and the headers the guard set on its response. */
function call(handler: 'login' | 'open', ip = '192.0.2.1') {
  const headers: Record<string, string | number> = {};
  const res = { header: (name: string, value: string | number) => (headers[name] = value) };
  const req = { ip, headers: {} };
  const context: ExecutionContext = new ExecutionContextHost([req, res], Routes, Routes.prototype[handler]);
  return { context, headers };
}

async function guardWith(login: number) {
  const storage = new ThrottlerStorageService();
  const increment = jest.spyOn(storage, 'increment');
  const guard = new RateLimitGuard(
    { throttlers: [{ name: 'default', ttl: 60_000, limit: 1_000_000 }] },
    storage,
    new Reflector(),
    limits(login),
  );
  await guard.onModuleInit();
  return { guard, storage, increment };
}

describe('RateLimitGuard', () => {
  const storages: ThrottlerStorageService[] = [];
  afterAll(() => storages.forEach((s) => s.onApplicationShutdown()));

  it('limits a @Throttle route with the configured limit of its application, on the default throttler', async () => {
    const { guard, storage } = await guardWith(2);
    storages.push(storage);
    expect(await guard.canActivate(call('login').context)).toBe(true);
    expect(await guard.canActivate(call('login').context)).toBe(true);
    const limited = call('login');
    const error = await guard.canActivate(limited.context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(429);
    expect((error as HttpException).getResponse()).toEqual({
      detail: 'Rate limit exceeded. Please try again later.',
      error: 'rate_limit_exceeded',
    });
    expect(Number(limited.headers['Retry-After'])).toBeGreaterThan(0);
    // Another client has its own budget.
    expect(await guard.canActivate(call('login', '198.51.100.1').context)).toBe(true);
  });

  it('gives each application its own limits (several apps in one process)', async () => {
    const one = await guardWith(1);
    const three = await guardWith(3);
    storages.push(one.storage, three.storage);
    await one.guard.canActivate(call('login').context);
    await expect(one.guard.canActivate(call('login').context)).rejects.toBeInstanceOf(HttpException);
    for (let i = 0; i < 3; i++) expect(await three.guard.canActivate(call('login').context)).toBe(true);
    await expect(three.guard.canActivate(call('login').context)).rejects.toBeInstanceOf(HttpException);
  });

  it('never touches the storage for routes without @Throttle', async () => {
    const { guard, storage, increment } = await guardWith(1);
    storages.push(storage);
    for (let i = 0; i < 5; i++) expect(await guard.canActivate(call('open').context)).toBe(true);
    expect(increment).not.toHaveBeenCalled();
    await guard.canActivate(call('login').context);
    expect(increment).toHaveBeenCalledTimes(1);
  });
});
