// Regenerates the reference pages that are derived from code (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { renderConfigurationReference } from '../packages/server/dist/config/render-configuration-reference.js';
import { renderErrorCatalogue } from '../packages/server/dist/errors/render-error-catalogue.js';
import { renderMetricsReference } from '../packages/server/dist/observability/render-metrics-reference.js';

writeFileSync(new URL('../docs/reference/configuration.md', import.meta.url), renderConfigurationReference());
writeFileSync(new URL('../docs/reference/errors.md', import.meta.url), renderErrorCatalogue());
writeFileSync(new URL('../docs/reference/metrics.md', import.meta.url), renderMetricsReference());
console.log('docs/reference/configuration.md, errors.md and metrics.md regenerated');
