import { Global, Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ResultCache, ResultCacheSubscriber, type ResultCacheOptions } from './result-cache';

/**
 * The application's ResultCache (see result-cache.ts), fed by the writes of the application's
 * DataSource through a subscriber registered here. Global: repositories inject ResultCache.
 */
@Global()
@Module({})
export class ResultCacheModule implements OnModuleInit {
  constructor(
    @Inject(ResultCache) private readonly cache: ResultCache,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  static forRoot(options: ResultCacheOptions): DynamicModule {
    return {
      module: ResultCacheModule,
      providers: [{ provide: ResultCache, useValue: new ResultCache(options) }],
      exports: [ResultCache],
    };
  }

  onModuleInit(): void {
    // Before the first request: the subscriber must see every write the cache could outlive.
    if (this.cache.enabled) this.dataSource.subscribers.push(new ResultCacheSubscriber(this.cache));
  }
}
