import { Injectable, NotFoundException } from '@nestjs/common';
import { SiteContributionsService } from '../sites/site-contributions.service';
import { CenterContributionsService } from '../centers/center-contributions.service';
import { DiveContributionsService } from '../dives/dive-contributions.service';
import { UserCertificationsService } from '../organizations/user-certifications.service';
import { USER_NOT_FOUND, UsersService } from '../users/users.service';
import { toUserPublicResponse, type UserPublicResponseDto } from './dto/user-public.response.dto';

/**
 * Public profiles: a user (users), their active certifications (organizations) and what they
 * contributed, each count read through the owning module's read model (sites, centers, dives).
 */
@Injectable()
export class UserProfilesService {
  constructor(
    private readonly users: UsersService,
    private readonly certifications: UserCertificationsService,
    private readonly siteContributions: SiteContributionsService,
    private readonly centerContributions: CenterContributionsService,
    private readonly diveContributions: DiveContributionsService,
  ) {}

  /** An enabled, not archived user's public profile; anyone else is 404 "User not found". */
  async publicProfile(username: string): Promise<UserPublicResponseDto> {
    const user = await this.users.findActiveByUsername(username);
    if (!user) throw new NotFoundException(USER_NOT_FOUND);
    // One after the other: a profile never holds more than one pool connection at a time.
    const sites = await this.siteContributions.countsOf(user.id);
    const centers = await this.centerContributions.countsOf(user.id);
    const dives = await this.diveContributions.countsOf(user.id);
    const certifications = await this.certifications.activeOf(user.id);
    const stats = {
      dive_sites_created: sites.sitesCreated,
      comments_posted: sites.siteComments + centers.centerComments,
      dive_sites_rated: sites.siteRatings,
      dives_logged: dives.publicDives,
    };
    return toUserPublicResponse(user, stats, certifications);
  }
}
