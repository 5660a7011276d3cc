import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiAuthErrors, Roles } from '../../common/auth/auth.decorators';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { DeleteNewslettersDto } from './dto/delete-newsletters.dto';
import {
  DeleteNewslettersResponseDto,
  NewsletterParseResponseDto,
  NewsletterResponseDto,
} from './dto/newsletter.response.dto';
import { ListNewslettersQueryDto } from './dto/list-newsletters.query.dto';
import { ParseNewsletterTextDto } from './dto/parse-newsletter-text.dto';
import { UpdateNewsletterDto } from './dto/update-newsletter.dto';
import { MAX_UPLOAD_BYTES, NewslettersService, type UploadedTextFile } from './newsletters.service';
import { MessageResponseDto } from '../../common/http/message.response.dto';

/** Newsletter management (spec/api.md §11): admins and moderators only (others 403, anonymous 401). */
@ApiTags('newsletters')
@ApiAuthErrors()
@Roles('admin', 'moderator')
@Controller('newsletters')
export class NewslettersController {
  constructor(private readonly newsletters: NewslettersService) {}

  /** Uploads a newsletter (.txt: plain text or a raw e-mail, at most 1 MB) and parses its trips. */
  @Post('upload')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        use_openai: { type: 'string', enum: ['true', 'false'], description: 'Accepted and ignored' },
      },
    },
  })
  @ApiBadRequestResponse({ description: 'Only .txt files are supported; not UTF-8 text; empty' })
  @ApiPayloadTooLargeResponse({ description: 'The file is larger than 1 MB' })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } }))
  upload(@UploadedFile() file: UploadedTextFile | undefined): Promise<NewsletterParseResponseDto> {
    return this.newsletters.upload(file);
  }

  /** Stores and parses a newsletter given as text (`diving_center_id` sets the center of its trips). */
  @Post('parse-text')
  @HttpCode(HttpStatus.OK)
  @ApiBadRequestResponse({ description: 'Diving center with ID n not found' })
  parseText(@Body() dto: ParseNewsletterTextDto): Promise<NewsletterParseResponseDto> {
    return this.newsletters.parseText(dto.content, dto.diving_center_id);
  }

  /** Newsletters, newest first, with how many trips each produced. */
  @Get()
  list(@Query() query: ListNewslettersQueryDto): Promise<NewsletterResponseDto[]> {
    return this.newsletters.list(query.limit ?? 50, query.offset ?? 0);
  }

  /** Deletes newsletters (1–100 ids) and their trips. */
  @Delete()
  removeMany(@Body() dto: DeleteNewslettersDto): Promise<DeleteNewslettersResponseDto> {
    return this.newsletters.removeMany(dto.newsletter_ids);
  }

  @Get(':id')
  @ApiNotFoundResponse({ description: 'Newsletter not found' })
  get(@Param('id', IntParamPipe) id: number): Promise<NewsletterResponseDto> {
    return this.newsletters.get(id);
  }

  /** Replaces the stored text (the trips stay until the newsletter is re-parsed). */
  @Put(':id')
  @ApiNotFoundResponse({ description: 'Newsletter not found' })
  update(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: UpdateNewsletterDto,
  ): Promise<NewsletterResponseDto> {
    return this.newsletters.update(id, dto.content);
  }

  /** Deletes a newsletter and its trips. */
  @Delete(':id')
  @ApiNotFoundResponse({ description: 'Newsletter not found' })
  remove(@Param('id', IntParamPipe) id: number): Promise<MessageResponseDto> {
    return this.newsletters.remove(id);
  }

  /** Parses the stored text again: the old trips are replaced by the new ones in one transaction. */
  @Post(':id/reparse')
  @HttpCode(HttpStatus.OK)
  @ApiNotFoundResponse({ description: 'Newsletter not found' })
  reparse(@Param('id', IntParamPipe) id: number): Promise<NewsletterParseResponseDto> {
    return this.newsletters.reparse(id);
  }
}
