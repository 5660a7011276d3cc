// Writes src/metadata.ts: the @nestjs/swagger CLI plugin's view of the DTOs and controllers, for
// runs that do not go through `nest build` (Jest with SWC, ts-node). `nest build` applies the same
// plugin itself (nest-cli.json), so the served OpenAPI document is the same either way. Type errors
// are the type-check's business (`npm run typecheck`), not this script's: it only reads the AST.
const { join } = require('node:path');
const ts = require('typescript');
const { PluginMetadataGenerator } = require('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator');
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');

const root = join(__dirname, '..');
const nestCli = require(join(root, 'nest-cli.json'));
const pluginOptions = nestCli.compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger').options;

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
