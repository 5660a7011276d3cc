import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { ApiAuthErrors, CurrentUser, Public } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { ApiRateLimited, perMinute } from '../../common/rate-limit/rate-limit';
import type { AppConfig } from '../../config/configuration';
import { toUserResponse, UserResponseDto } from '../users/dto/user.response.dto';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { RegisterDto } from './dto/register.dto';
import { RegisterResponseDto } from './dto/register.response.dto';
import { SessionResponseDto } from './dto/session.response.dto';
import { TokenResponseDto } from './dto/token.response.dto';
import { clientInfo, REFRESH_COOKIE, refreshCookieOptions, setRefreshCookie } from './http';
import { MessageResponseDto } from '../../common/http/message.response.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  private readonly secureCookies: boolean;

  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    @Inject(ConfigService) config: ConfigService<AppConfig, true>,
  ) {
    this.secureCookies = config.get('auth', { infer: true }).secureCookies;
  }

  /** Creates an account and signs it in (201 with tokens; the refresh token also as a cookie). */
  @Public()
  @Throttle({ default: perMinute('register') })
  @ApiRateLimited()
  @Post('register')
  @ApiBadRequestResponse({
    description: 'Weak password, reserved username, or username/e-mail already registered',
  })
  async register(
    @Body() dto: RegisterDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegisterResponseDto> {
    const result = await this.auth.register(dto, clientInfo(req));
    this.setRefreshCookie(res, result.refresh_token);
    return result;
  }

  /** Signs in with username or e-mail and password. */
  @Public()
  @Throttle({ default: perMinute('login') })
  @ApiRateLimited()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiUnauthorizedResponse({ description: 'Incorrect username/email or password' })
  @ApiForbiddenResponse({ description: 'Account is disabled or archived' })
  async login(
    @Body() dto: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenResponseDto> {
    const result = await this.auth.login(dto, clientInfo(req));
    this.setRefreshCookie(res, result.refresh_token);
    return result;
  }

  /** The signed-in user. */
  @Get('me')
  @ApiAuthErrors()
  async me(@CurrentUser() caller: AuthenticatedUser): Promise<UserResponseDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new UnauthorizedException('Could not validate credentials');
    return toUserResponse(user);
  }

  /** Exchanges the refresh token (cookie or body) for new tokens; the old one stops working. */
  @Public()
  @Throttle({ default: perMinute('refresh') })
  @ApiRateLimited()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiUnauthorizedResponse({ description: 'Missing, unknown, expired, revoked or reused refresh token' })
  async refresh(
    @Body() dto: RefreshTokenDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenResponseDto> {
    const token = this.refreshTokenOf(req, dto);
    if (!token) throw new UnauthorizedException('Refresh token not found');
    const result = await this.auth.refresh(token, clientInfo(req));
    this.setRefreshCookie(res, result.refresh_token);
    return result;
  }

  /** Ends the session of the refresh token (cookie or body) and clears the cookie. Always 200. */
  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.OK)
  async logout(
    @Body() dto: RefreshTokenDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MessageResponseDto> {
    await this.auth.logout(this.refreshTokenOf(req, dto));
    res.clearCookie(REFRESH_COOKIE, refreshCookieOptions(this.secureCookies));
    return { message: 'Logged out successfully' };
  }

  /** The caller's active sessions (one per signed-in device). */
  @Get('tokens')
  @ApiAuthErrors()
  listSessions(@CurrentUser() caller: AuthenticatedUser): Promise<SessionResponseDto[]> {
    return this.auth.listSessions(caller.id);
  }

  /** Revokes one of the caller's sessions. */
  @Delete('tokens/:id')
  @ApiAuthErrors()
  async revokeSession(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string,
  ): Promise<MessageResponseDto> {
    if (!(await this.auth.revokeSession(caller.id, id))) throw new NotFoundException('Token not found');
    return { message: 'Token revoked successfully' };
  }

  private refreshTokenOf(req: Request, dto: RefreshTokenDto): string | undefined {
    const cookies = req.cookies as Record<string, string | undefined> | undefined;
    return dto.refresh_token || cookies?.[REFRESH_COOKIE] || undefined;
  }

  private setRefreshCookie(res: Response, token: string): void {
    setRefreshCookie(res, token, this.auth.refreshTokenSeconds, this.secureCookies);
  }
}
