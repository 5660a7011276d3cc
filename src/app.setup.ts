import { RequestMethod, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { APP_INFO } from './common/app-info';
import { BEARER_SCHEME } from './common/auth/auth.decorators';
import { applySwaggerPluginMetadata, type SwaggerPluginMetadata } from './common/openapi/plugin-metadata';
import { ApiValidationPipe } from './common/pipes/api-validation.pipe';
import type { AppConfig } from './config/configuration';
import { useHttpMetrics } from './modules/metrics/http-metrics.middleware';

export const API_PREFIX = 'api/v1';
/** GET routes outside the prefix: the root, the probes and the metrics scrape. */
export const UNPREFIXED_ROUTES = ['/', 'health', 'health/live', 'health/ready', 'metrics'];

/**
 * Metadata of the @nestjs/swagger CLI plugin: src/metadata.ts, written by
 * scripts/generate-swagger-metadata.js before every `npm run build` and every test run, compiled into
 * dist/metadata.js. Built output and tests take it the same way, so they serve the same document.
 * Without it the document would silently lose its schemas: refuse to start instead.
 */
async function loadSwaggerPluginMetadata(): Promise<void> {
  let metadata: SwaggerPluginMetadata;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    metadata = (require('./metadata') as { default: SwaggerPluginMetadata }).default;
  } catch (error) {
    throw new Error(
      `Swagger plugin metadata (metadata.ts) is missing: build with \`npm run build\`, which generates it (${String(error)})`,
      { cause: error },
    );
  }
  await applySwaggerPluginMetadata(metadata);
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(APP_INFO.name)
    .setDescription(
      'Divemap REST API: dive sites, diving centers, dive logs, organizations and certifications, ' +
        'dive trips parsed from newsletters. Compatible with the Divemap v1 API.',
    )
    .setVersion(APP_INFO.version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    // Deny by default, as the guards: every operation needs the bearer token unless @Public() says otherwise.
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * Everything main.ts and the e2e tests share, so tests run the real configuration: logger, security
 * headers, CORS, the /api/v1 prefix (/, /health*, /metrics, /docs and /openapi.json stay outside),
 * the validation pipe, Swagger. The app must be created with `{ bodyParser: false, bufferLogs: true }`: AppModule parses bodies itself.
 */
export async function setupApp(
  app: NestExpressApplication,
  config: AppConfig,
): Promise<NestExpressApplication> {
  app.useLogger(app.get(Logger));
  // Prometheus request metrics for every path (prefixed or not), in front of every route.
  useHttpMetrics(app);
  app.disable('x-powered-by');
  // The client IP (rate limits, sessions) comes from X-Forwarded-For only from trusted proxies (D18).
  app.set('trust proxy', config.trustProxy);
  app.use(cookieParser());
  app.use(helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"] } } }));
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: true,
    exposedHeaders: [
      'X-Request-Id',
      'X-Total-Count',
      'X-Total-Pages',
      'X-Current-Page',
      'X-Page-Size',
      'X-Has-Next-Page',
      'X-Has-Prev-Page',
      'X-Match-Types',
    ],
  });
  app.setGlobalPrefix(API_PREFIX, {
    exclude: UNPREFIXED_ROUTES.map((path) => ({ path, method: RequestMethod.GET })),
  });
  app.useGlobalPipes(new ApiValidationPipe());
  await loadSwaggerPluginMetadata();
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    customSiteTitle: `${APP_INFO.name} docs`,
  });
  return app;
}
