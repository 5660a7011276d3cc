import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';

type Record_ = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate-limit counters in Redis, shared by every replica (so N replicas share one budget), with the
 * in-process counters as a fallback: if Redis is unreachable each replica still limits on its own,
 * rather than failing requests or letting floods through. Keys carry the `divemap:throttle:` prefix.
 */
export class SharedThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private warned = false;
  /** How long start-up waits for the first Redis connection (the fallback answers after it). */
  private static readonly READY_TIMEOUT_MS = 2000;

  constructor(redisUrl: string) {
    // Required here, not at the top: without REDIS_URL the service never loads ioredis (~60 ms of start-up).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ThrottlerStorageRedisService: RedisStorage } = require('@nest-lab/throttler-storage-redis') as {
      ThrottlerStorageRedisService: typeof ThrottlerStorageRedisService;
    };
    this.redis = new RedisStorage(redisUrl, {
      keyPrefix: 'divemap:throttle:',
      // Fail fast instead of queueing while Redis is away: the fallback answers meanwhile.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      lazyConnect: false,
    });
    this.redis.redis.on('error', (error: Error) => this.warnOnce(error));
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<Record_> {
    try {
      const result = await this.redis.increment(key, ttl, limit, blockDuration, throttlerName);
      this.warned = false;
      return result;
    } catch (error) {
      this.warnOnce(error as Error);
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  /**
   * Waits (at most READY_TIMEOUT_MS) for the first connection, so the first requests after start-up
   * count in Redis too: with the offline queue off they would otherwise all fall back to this
   * process's counters until the connection is up, and replicas starting together would not share
   * their budget at first.
   */
  async onModuleInit(): Promise<void> {
    const redis = this.redis.redis;
    if (redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, SharedThrottlerStorage.READY_TIMEOUT_MS);
      redis.once('ready', done);
    });
  }

  onModuleDestroy(): void {
    this.redis.redis.disconnect(false);
    this.local.onApplicationShutdown();
  }

  private warnOnce(error: Error): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn(`Redis unavailable for rate limits, using per-process counters: ${error.message}`);
  }
}
