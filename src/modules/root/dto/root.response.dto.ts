export class RootLinksDto {
  /** Swagger UI */
  docs!: string;
  /** OpenAPI 3 document (JSON) */
  openapi!: string;
  /** Health probe */
  health!: string;
  /** Prefix of the REST API */
  api!: string;
}

export class RootResponseDto {
  /** Service name */
  name!: string;
  /** Service version (package.json) */
  version!: string;
  /** A greeting for humans */
  message!: string;
  /** Where to go next */
  links!: RootLinksDto;
}
