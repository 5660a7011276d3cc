// Writes src/metadata.ts: the @nestjs/swagger CLI plugin's view of the DTOs and controllers (property
// types, optionality, class-validator limits, doc comments, handlers' response types). It is the one
// route by which the plugin's metadata reaches the service: `npm run build` runs this script before
// `nest build` (which compiles the file into dist/metadata.js; nest-cli.json applies no plugin of its
// own), and Jest's global setup runs it before the tests (SWC compiles the sources there). Both then
// load it through src/common/openapi/plugin-metadata.ts, so the document the tests serve is the one
// the built service serves. Type errors are the type-check's business (`npm run typecheck`), not
// this script's: it only reads the AST.
const { join } = require('node:path');
const ts = require('typescript');
const { PluginMetadataGenerator } = require('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator');
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');

const root = join(__dirname, '..');
/** The plugin's options (https://docs.nestjs.com/openapi/cli-plugin#using-the-cli-plugin). */
const pluginOptions = {
  introspectComments: true,
  classValidatorShim: true,
  dtoFileNameSuffix: ['.dto.ts', '.entity.ts'],
  controllerFileNameSuffix: ['.controller.ts'],
};

const configFile = ts.readConfigFile(join(root, 'tsconfig.build.json'), ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
const program = ts.createProgram({
  rootNames: parsed.fileNames.filter((f) => !f.endsWith('/src/metadata.ts')),
  options: { ...parsed.options, incremental: false, noEmit: true },
});

new PluginMetadataGenerator().generate({
  visitors: [new ReadonlyVisitor({ ...pluginOptions, pathToSource: join(root, 'src') })],
  outputDir: join(root, 'src'),
  filename: 'metadata.ts',
  tsProgramRef: program,
});
