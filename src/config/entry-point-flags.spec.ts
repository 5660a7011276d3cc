import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageNodeFlags } from '../../bench/image-entry';

/** The image, `npm start` and `npm run start:prod` start Node with the same flags (bench/image-entry.ts). */
describe('entry point flags', () => {
  const root = join(__dirname, '..', '..');
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;

  it('the Dockerfile CMD bounds the old and the young generation', () => {
    expect(imageNodeFlags(root)).toEqual(['--max-old-space-size=192', '--max-semi-space-size=16']);
  });

  it.each(['start', 'start:prod'])('npm run %s runs node with the image’s flags', (name) => {
    const command = /(?:^|&& )node (.*?)dist\/main\.js$/.exec(scripts[name]);
    expect(command?.[1].trim().split(/\s+/)).toEqual(imageNodeFlags(root));
  });
});
