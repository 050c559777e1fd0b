/** Every handler, merged; the type checks that each channel of the contract has exactly one. */
import type { Handlers } from '../dispatch';
import type { Services } from '../../services/index';
import { appHandlers } from './app';
import { siteHandlers } from './site';

export function createHandlers(s: Services): Handlers {
  return {
    ...appHandlers(s),
    ...siteHandlers(s),
  };
}
