import type { TenantSection } from '../seed-section.js';
import { businessUnitsSection } from './business-units.js';
import { dataExtensionsSection } from './data-extensions.js';
import { faultsSection } from './faults.js';
import { fidelitySection } from './fidelity.js';
import { packagesSection } from './packages.js';
import { usersSection } from './users.js';

/**
 * The sections of a tenant in a seed file, in the order they are applied (a section may refer
 * to what an earlier one created: packages name BUs and users). Add a section here.
 */
export const TENANT_SECTIONS: readonly TenantSection[] = [
  businessUnitsSection,
  usersSection,
  packagesSection,
  dataExtensionsSection,
  fidelitySection,
  faultsSection,
];
