/** The hardware verdict and the applied requirements as every caller now gets them: through the host plan. */
import type { CompatList } from '../../main/core/hardware/schema';
import type { SiteVerdict } from '../../main/core/hardware/verdict';
import { applyPlanToSite, planSite } from '../../main/core/host-plan/plan';
import type { Site } from '../../main/core/site/schema';

/** The site's verdict (the plan's: with the install NIC, uplink and driver findings). */
export const checkSite = (site: Site, list: CompatList): SiteVerdict => planSite(site, list).verdict;

/** The site with every host's requirements from its plan. */
export const checkedSite = (site: Site, list: CompatList): Site => applyPlanToSite(site, planSite(site, list));

import { generateSiteFiles, type GenerateOptions, type GeneratedFile } from '../../main/core/manifests/generate';
import { renderTopology } from '../../main/core/manifests/topology';
import { shippedList } from './hardware';

/** The site's files as generation writes them, with the host plan made from the shipped list. */
export function generateWithPlan(site: Site, options: GenerateOptions = {}): GeneratedFile[] {
  return generateSiteFiles(site, planSite(site, shippedList()), options);
}

/** The topology picture, with the host plan made from the shipped list. */
export const topologyWithPlan = (site: Site): string => renderTopology(site, planSite(site, shippedList()));

/** The host plan of a site against the shipped list. */
export const planOf = (site: Site, options: Parameters<typeof planSite>[2] = {}) => planSite(site, shippedList(), options);
