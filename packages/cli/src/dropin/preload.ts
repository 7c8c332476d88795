/**
 * `NODE_OPTIONS="--import packgate/dropin"`: makes the Node process it is loaded into talk to
 * Packgate for every `*.{PACKGATE_DROPIN_DOMAIN}` host (decision 0005). Reads its settings from the
 * environment (`packgate dropin` prints them) and fails the process at start when they are wrong:
 * a test suite must never quietly reach the real Marketing Cloud instead.
 */
import { readFileSync } from 'node:fs';
import { parseDropinSettings } from './dropin-settings.js';
import { installDropin } from './install-dropin.js';

try {
  installDropin(parseDropinSettings(process.env, (path) => readFileSync(path, 'utf8')));
} catch (err) {
  process.stderr.write(`packgate/dropin: ${(err as Error).message}\n`);
  process.exit(78);
}
