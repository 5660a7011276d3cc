import {
  applyDecorators,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Module,
  SetMetadata,
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
  type ThrottlerStorage,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
} from '@nestjs/throttler';
import { SharedThrottlerStorage } from './resilient-storage';

/** Routes with their own per-IP limit (requests per minute, from configuration: DECISIONS.md D18). */
export type RateLimitKey = 'register' | 'login' | 'refresh' | 'site_create' | 'comment';
export type RateLimits = Record<RateLimitKey, number>;

const RATE_LIMIT_KEY = 'rateLimit:key';
const RATE_LIMITS = Symbol('RATE_LIMITS');
const WINDOW_MS = 60_000;

/** Limits this route per client IP with the configured `<key>` limit; 429 + Retry-After beyond it. */
export const RateLimit = (key: RateLimitKey) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_KEY, key),
    ApiTooManyRequestsResponse({ description: 'Rate limit exceeded (see the Retry-After header)' }),
  );

/**
 * @nestjs/throttler's guard, applied only to routes marked with @RateLimit, on the `default` throttler
 * (so the header is plain `Retry-After`), keyed by `req.ip` — which honours TRUST_PROXY — with no
 * localhost exemption. The 429 body is the contract's.
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

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return (await super.shouldSkip(context)) || !this.keyOf(context);
  }

  protected override handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const key = this.keyOf(request.context)!;
    return super.handleRequest({ ...request, limit: this.limits[key], ttl: WINDOW_MS });
  }

  protected override throwThrottlingException(): Promise<void> {
    throw new HttpException(
      { detail: 'Rate limit exceeded. Please try again later.', error: 'rate_limit_exceeded' },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  private keyOf(context: ExecutionContext): RateLimitKey | undefined {
    return this.reflector.getAllAndOverride<RateLimitKey | undefined>(RATE_LIMIT_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
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
          throttlers: [{ name: 'default', ttl: WINDOW_MS, limit: 1_000_000 }],
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
