/** The host plan: one truth per host for every step after Hardware (issue 24). */
export * from './types';
export { planSite, planHost, hostPlanOf, requirePlan, applyPlanToSite, hostFqdn, driverPlan, carriedDriver, type PlanOptions } from './plan';
export { hostCpu, judgeHybrid, cpuFacts, type HostCpu } from './cpu';
