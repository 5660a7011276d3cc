import { HttpStatus, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ApiResponse, SwaggerModule, type ApiResponseOptions } from '@nestjs/swagger';

/** @nestjs/swagger's DECORATORS.API_RESPONSE (not exported from the package's entry point). */
const API_RESPONSE_METADATA = 'swagger/apiResponse';

type FileMetadata = Record<string, Record<string, Record<string, unknown>>>;
type Imported = Record<string, { prototype: Record<string, unknown> } | undefined>;

/** The shape of src/metadata.ts, as the Swagger CLI plugin's PluginMetadataGenerator writes it. */
export type SwaggerPluginMetadata = () => Promise<{
  '@nestjs/swagger'?: {
    models?: Array<[Promise<Imported>, FileMetadata]>;
    controllers?: Array<[Promise<Imported>, FileMetadata]>;
  };
}>;

/** The status Nest answers a handler with when it succeeds: @HttpCode, else 201 for POST, else 200. */
function successStatus(handler: object): number {
  const code = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
  if (code !== undefined) return code;
  return Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.POST
    ? HttpStatus.CREATED
    : HttpStatus.OK;
}

/**
 * Applies the Swagger CLI plugin's metadata (src/metadata.ts, written by
 * scripts/generate-swagger-metadata.js before every build and test run) — the one route by which both
 * `nest build` output and the tests get it, so the document the tests serve is the one users get.
 *
 * `SwaggerModule.loadPluginMetadata` alone drops the plugin's success response of every handler that
 * declares any other `@Api*Response` (it applies them with `overrideExisting: false`, nestjs/swagger
 * #2974), which would leave most operations without a response schema — and leave the response DTOs
 * unexplored, which is how an un-typeable DTO property once reached only the built service. So each
 * handler's success response is merged in here as the plugin's compile-time decorator would merge
 * it; an explicit `@ApiResponse` of the same status that names a type or schema wins.
 */
export async function applySwaggerPluginMetadata(metadata: SwaggerPluginMetadata): Promise<void> {
  const loaded = await metadata();
  await SwaggerModule.loadPluginMetadata(() => Promise.resolve(loaded));
  for (const [fileImport, classes] of loaded['@nestjs/swagger']?.controllers ?? []) {
    const file = await fileImport;
    for (const [className, methods] of Object.entries(classes)) {
      const prototype = file[className]?.prototype;
      if (!prototype) throw new Error(`Swagger plugin metadata names a missing controller ${className}`);
      for (const [methodName, meta] of Object.entries(methods)) {
        const { summary: _s, description: _d, deprecated: _dep, tags: _t, ...response } = meta;
        const descriptor = Object.getOwnPropertyDescriptor(prototype, methodName);
        const handler = descriptor?.value as object | undefined;
        if (!handler || response.type === undefined) continue;
        const status = typeof response.status === 'number' ? response.status : successStatus(handler);
        const existing = Reflect.getMetadata(API_RESPONSE_METADATA, handler) as
          Record<string, ApiResponseOptions & { type?: unknown; schema?: unknown }> | undefined;
        const declared = existing?.[status];
        if (declared && (declared.type !== undefined || declared.schema !== undefined)) continue;
        ApiResponse({ ...(response as ApiResponseOptions), status })(
          prototype,
          methodName,
          descriptor as TypedPropertyDescriptor<unknown>,
        );
      }
    }
  }
}
