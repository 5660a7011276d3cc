import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type ExecutionContext,
} from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerModule,
  type Resolvable,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
// The metadata key @Throttle writes the limit under (the package's index does not re-export it).
import { THROTTLER_LIMIT } from '@nestjs/throttler/dist/throttler.constants';
import { SharedThrottlerStorage } from './resilient-storage';

/** Routes with their own per-IP limit (requests per minute, from configuration: DECISIONS.md D18). */
export type RateLimitKey = 'register' | 'login' | 'refresh' | 'site_create' | 'comment';
export type RateLimits = Record<RateLimitKey, number>;

const RATE_LIMITS = Symbol('RATE_LIMITS');
const THROTTLER = 'default';
const WINDOW_MS = 60_000;

/**
 * The limits of the application serving each request, registered by its RateLimitGuard for the
 * request's ExecutionContext (the object the throttler hands to limit resolvers) while the guard
 * runs. Per request, not per process: several applications with different limits can share one
 * process (the tests do).
 */
const limitsByContext = new WeakMap<ExecutionContext, RateLimits>();

/**
 * The configured `<key>` limit per client IP and minute, as options of @nestjs/throttler's `default`
 * throttler: `@Throttle({ default: perMinute('login') })`. The limit is resolved per request from the
 * serving application's configuration.
 */
export function perMinute(key: RateLimitKey): { limit: Resolvable<number>; ttl: number } {
  return {
    limit: (context: ExecutionContext) => {
      const limits = limitsByContext.get(context);
      if (!limits) throw new Error(`The '${key}' rate limit was resolved outside RateLimitGuard`);
      return limits[key];
    },
    ttl: WINDOW_MS,
  };
}

/** Documents the 429 of a route with @Throttle. */
export const ApiRateLimited = () =>
  ApiTooManyRequestsResponse({ description: 'Rate limit exceeded (see the Retry-After header)' });

/**
 * @nestjs/throttler's guard, applied only to routes with @Throttle on the `default` throttler (so the
 * header is plain `Retry-After`), keyed by `req.ip` — which honours TRUST_PROXY — with no localhost
 * exemption. Other routes never reach the storage. The 429 body is the contract's.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(RATE_LIMITS) private readonly limits: RateLimits,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    limitsByContext.set(context, this.limits);
    try {
      return await super.canActivate(context);
    } finally {
      limitsByContext.delete(context);
    }
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return (await super.shouldSkip(context)) || !this.isThrottled(context);
  }

  protected override throwThrottlingException(): Promise<void> {
    throw new HttpException(
      { detail: 'Rate limit exceeded. Please try again later.', error: 'rate_limit_exceeded' },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  /** Whether the route (or its controller) has a limit of its own on the `default` throttler. */
  private isThrottled(context: ExecutionContext): boolean {
    const limit = this.reflector.getAllAndOverride<Resolvable<number> | undefined>(
      THROTTLER_LIMIT + THROTTLER,
      [context.getHandler(), context.getClass()],
    );
    return limit !== undefined;
  }
}

@Module({})
export class RateLimitModule {
  /**
   * Registers the guard globally; it runs before authentication, so floods never reach the database.
   * With `redisUrl` the counters live in Redis and every replica shares one budget per client.
   */
  static forRoot(limits: RateLimits, redisUrl?: string): DynamicModule {
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRoot({
          // Only routes with @Throttle are limited (RateLimitGuard skips the rest), so this throttler's
          // own limit applies nowhere; each route sets its limit and window.
          throttlers: [{ name: THROTTLER, ttl: WINDOW_MS, limit: 1_000_000 }],
          storage: redisUrl ? new SharedThrottlerStorage(redisUrl) : undefined,
        }),
      ],
      providers: [
        { provide: RATE_LIMITS, useValue: limits },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
