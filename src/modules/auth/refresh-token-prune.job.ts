import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { AppConfig, RefreshTokenPruneConfig } from '../../config/configuration';
import { describePrune, RefreshTokenPruningService, type PruneResult } from './refresh-token-pruning.service';

/** The interval's name in the SchedulerRegistry. */
export const REFRESH_TOKEN_PRUNE_JOB = 'refresh-token-prune';
/** Longest shutdown waits for a run in progress (it stops after its current statement). */
const SHUTDOWN_WAIT_MS = 5000;

/**
 * Prunes refresh tokens every REFRESH_TOKEN_PRUNE_INTERVAL_MINUTES (0: never) on each instance; the
 * prune lock makes concurrent instances skip instead of deleting side by side. A failed run (the
 * database down) is logged as a warning and the next one tries again: it never reaches the process.
 * The timer is unref'd and removed at shutdown, so it never keeps a process (or Jest) alive.
 */
@Injectable()
export class RefreshTokenPruneJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RefreshTokenPrune');
  private readonly settings: RefreshTokenPruneConfig;
  private running?: Promise<PruneResult>;
  private stopping = false;

  constructor(
    private readonly pruning: RefreshTokenPruningService,
    @Inject(ConfigService) config: ConfigService<AppConfig, true>,
    @Inject(SchedulerRegistry) private readonly scheduler: SchedulerRegistry,
  ) {
    this.settings = config.get('auth', { infer: true }).refreshTokenPrune;
  }

  onApplicationBootstrap(): void {
    const minutes = this.settings.intervalMinutes;
    if (minutes === 0) return;
    const timer = setInterval(() => void this.runScheduled(), minutes * 60_000);
    timer.unref();
    this.scheduler.addInterval(REFRESH_TOKEN_PRUNE_JOB, timer);
  }

  /**
   * One prune run now, with the configured bounds; database errors propagate. A call while a run is
   * in progress joins that run.
   */
  prune(now?: Date): Promise<PruneResult> {
    this.running ??= this.pruning
      .prune(this.settings, {
        now,
        shouldStop: () => this.stopping,
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** What the timer runs: prune and log the count; a failure is a warning, never an exception. */
  async runScheduled(): Promise<PruneResult | null> {
    if (this.stopping) return null;
    try {
      const result = await this.prune();
      if (result.skipped) this.logger.debug(describePrune(result));
      else this.logger.log(describePrune(result));
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(
        `Refresh-token prune failed (next try in ${this.settings.intervalMinutes} min): ${message}`,
      );
      return null;
    }
  }

  /** Before the pool closes: no new runs, and the current one gets a moment to finish its statement. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // ScheduleModule removes every interval at shutdown too; whichever runs first wins.
    if (this.scheduler.doesExist('interval', REFRESH_TOKEN_PRUNE_JOB)) {
      this.scheduler.deleteInterval(REFRESH_TOKEN_PRUNE_JOB);
    }
    const running = this.running;
    if (!running) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      running.catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, SHUTDOWN_WAIT_MS);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }
}
