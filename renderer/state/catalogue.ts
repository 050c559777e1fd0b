/**
 * The compatibility list in the renderer, fetched once per page and shared by every step, and the host plan
 * made from it. The Hardware, Network and Boot media steps read the same plan the main side uses
 * (main/core/host-plan): what the box is decides its uplinks, install NIC and drivers, live as the technician
 * edits, with no second derivation here.
 */
import { useEffect, useMemo, useState } from 'react';
import type { AppError } from '../../main/core/result';
import type { Site } from '../../main/core/site/schema';
import { planSite } from '../../main/core/host-plan/plan';
import type { SitePlan } from '../../main/core/host-plan/types';
import type { HardwareCatalogue } from '../../main/ipc/channels/hardware';
import { sitekit } from '../api/client';

let shared: Promise<HardwareCatalogue | AppError> | undefined;
const listeners = new Set<() => void>();

function load(): Promise<HardwareCatalogue | AppError> {
  shared ??= sitekit.hardware.catalogue({}).then((r) => (r.ok ? r.value : r.error));
  return shared;
}

/** Fetches the list again (after an import) and tells every step that uses it. */
export function reloadCatalogue(): void {
  shared = undefined;
  for (const l of listeners) l();
}

const isError = (v: HardwareCatalogue | AppError): v is AppError => 'code' in v && 'message' in v && !('list' in v);

/** The list in use, or the error that kept it from loading. */
export function useCatalogue(): { readonly catalogue?: HardwareCatalogue; readonly error?: AppError } {
  const [value, setValue] = useState<HardwareCatalogue | AppError | undefined>();
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const bump = () => setGeneration((g) => g + 1);
    listeners.add(bump);
    return () => void listeners.delete(bump);
  }, []);
  useEffect(() => {
    let live = true;
    void load().then((v) => live && setValue(v));
    return () => {
      live = false;
    };
  }, [generation]);
  if (!value) return {};
  return isError(value) ? { error: value } : { catalogue: value };
}

/** The host plan of a site (or a draft of it), made with the list in use; undefined until the list is there. */
export function useSitePlan(site: Site | undefined): SitePlan | undefined {
  const { catalogue } = useCatalogue();
  return useMemo(() => (site && catalogue ? planSite(site, catalogue.list) : undefined), [site, catalogue]);
}
