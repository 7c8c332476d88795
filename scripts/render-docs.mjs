// Regenerates the reference pages that are derived from code (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { renderConfigurationReference } from '../packages/server/dist/config/render-configuration-reference.js';
import { renderErrorCatalogue } from '../packages/server/dist/errors/render-error-catalogue.js';
import { renderMetricsReference } from '../packages/server/dist/observability/render-metrics-reference.js';
import { renderSeedJsonSchema } from '../packages/server/dist/setup/seed/seed-schema.js';

writeFileSync(new URL('../docs/reference/configuration.md', import.meta.url), renderConfigurationReference());
writeFileSync(new URL('../docs/reference/errors.md', import.meta.url), renderErrorCatalogue());
writeFileSync(new URL('../docs/reference/metrics.md', import.meta.url), renderMetricsReference());
writeFileSync(new URL('../docs/reference/seed.schema.json', import.meta.url), renderSeedJsonSchema());
console.log('docs/reference/configuration.md, errors.md, metrics.md and seed.schema.json regenerated');
