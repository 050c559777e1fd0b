/** Binds the fleet channels to their flows. */
import { fleetCiFlow } from '../../flows/fleet-ci';
import { fleetImportFlow } from '../../flows/fleet-import';
import { fleetStatusFlow } from '../../flows/fleet-status';
import type { fleetChannels } from '../channels/fleet';
import type { HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';
import { flowContext } from './flow-context';

export function fleetHandlers(s: Services): HandlersFor<keyof typeof fleetChannels> {
  return {
    'fleet:import': async (req, ctx) => fleetImportFlow(flowContext(s, ctx, 'fleet-import'), req),
    'fleet:status': async (req, ctx) => fleetStatusFlow(flowContext(s, ctx, 'fleet-status'), req),
    'fleet:ci': async (req, ctx) => fleetCiFlow(flowContext(s, ctx, 'fleet-ci'), req),
  };
}
