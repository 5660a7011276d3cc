import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from './entities/user.entity';
import { UserRemovalParticipants } from './user-removal-participants.service';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User])],
  providers: [UsersService, UserRemovalParticipants],
  exports: [UsersService, UserRemovalParticipants],
})
export class UsersModule {}
