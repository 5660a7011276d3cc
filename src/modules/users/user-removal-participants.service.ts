import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UserRemovalParticipant } from '../../common/extension-points/user-removal-participant';

/**
 * The extension point of a user's permanent deletion. UsersModule exports it; modules above users
 * whose summaries depend on a user's rows (sites and centers: rating aggregates) register when they
 * initialise:
 *
 * ```ts
 * @Injectable()
 * export class SiteReviewsService implements UserRemovalParticipant, OnModuleInit {
 *   constructor(@Optional() private readonly removals?: UserRemovalParticipants) {}
 *   onModuleInit() { this.removals?.register(this); }
 *   beforeUserDeleted(userId, em) { … subtract the user's ratings, delete them … }
 * }
 * ```
 */
@Injectable()
export class UserRemovalParticipants {
  private readonly participants: UserRemovalParticipant[] = [];

  register(participant: UserRemovalParticipant): void {
    if (!this.participants.includes(participant)) this.participants.push(participant);
  }

  /** Every participant, one after the other, in the deletion's transaction. */
  async beforeUserDeleted(userId: number, em: EntityManager): Promise<void> {
    for (const participant of this.participants) await participant.beforeUserDeleted(userId, em);
  }
}
