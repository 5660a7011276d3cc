import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { DivingOrganizationsController } from './diving-organizations.controller';
import { DivingOrganizationsService } from './diving-organizations.service';
import { DivingOrganization } from './entities/diving-organization.entity';
import { UserCertification } from './entities/user-certification.entity';
import { UserCertificationsController } from './user-certifications.controller';
import { UserCertificationsService } from './user-certifications.service';

/** Diving organizations and the certifications users hold with them (spec/api.md §9). */
@Module({
  imports: [TypeOrmModule.forFeature([DivingOrganization, UserCertification]), UsersModule],
  controllers: [DivingOrganizationsController, UserCertificationsController],
  providers: [DivingOrganizationsService, UserCertificationsService],
  exports: [DivingOrganizationsService, UserCertificationsService],
})
export class OrganizationsModule {}
