import { SETTINGS } from './settings.js';

/** docs/reference/configuration.md, generated from the one configuration schema. */
export function renderConfigurationReference(): string {
  const rows = SETTINGS.map(
    (s) => `| \`${s.env}\` | ${s.defaultText.replace(/\|/g, '\\|')} | ${s.description} |`,
  );
  return [
    '# Configuration reference',
    '',
    '<!-- Generated from packages/server/src/config/settings.ts by `npm run docs`; a test keeps it in step. -->',
    '',
    'Packgate reads these environment variables once at boot (`packgate serve` flags of the same name,',
    'e.g. `--propagation-seconds`, override them). A bad value fails the boot with one line naming the setting.',
    '',
    '| variable | default | meaning |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
