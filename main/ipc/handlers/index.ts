/** Every handler, merged; the type checks that each channel of the contract has exactly one. */
import type { Handlers } from '../dispatch';
import type { Services } from '../../services/index';
import { appHandlers } from './app';
import { siteHandlers } from './site';
import { reportHandlers } from './report';
import { hardwareHandlers } from './hardware';
import { gitHandlers } from './git';
import { manifestsHandlers } from './manifests';
import { mediaHandlers } from './media';
import { bundleHandlers } from './bundle';
import { mediaJobHandlers } from './media-job';
import { filesHandlers } from './files';
import { fleetHandlers } from './fleet';
import { hostsHandlers } from './hosts';

export function createHandlers(s: Services): Handlers {
  return {
    ...appHandlers(s),
    ...siteHandlers(s),
    ...reportHandlers(s),
    ...hardwareHandlers(s),
    ...gitHandlers(s),
    ...manifestsHandlers(s),
    ...mediaHandlers(s),
    ...bundleHandlers(s),
    ...mediaJobHandlers(s),
    ...filesHandlers(s),
    ...fleetHandlers(s),
    ...hostsHandlers(s),
  };
}
