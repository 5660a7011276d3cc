import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';

type Record_ = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate-limit counters in Redis, shared by every replica (so N replicas share one budget), with the
 * in-process counters as a fallback: if Redis is unreachable each replica still limits on its own,
 * rather than failing requests or letting floods through. Keys carry the `divemap:throttle:` prefix.
 */
export class SharedThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private warned = false;

  constructor(redisUrl: string) {
    this.redis = new ThrottlerStorageRedisService(redisUrl, {
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
