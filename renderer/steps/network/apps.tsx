/** Kubernetes apps as plain manifests, kept verbatim. */
import type { Site } from '../../../main/core/site/schema';
import { Field } from '../../components/field';
import type { DraftProps } from './draft-props';
import { removeAt, replaceAt } from './network-form';

type Workloads = Site['spec']['workloads'];

export function Apps({ draft, edit, issue }: DraftProps) {
  const wl = draft.spec.workloads;
  const setWl = (fn: (w: Workloads) => Workloads) => edit((s) => ({ ...s, spec: { ...s.spec, workloads: fn(s.spec.workloads) } }));
  const p = 'spec.workloads';
  return (
  <fieldset>
    <legend>Kubernetes apps (plain manifests)</legend>
    {wl.apps.map((app, i) => (
      <div key={i} className="workload-card" role="group" aria-label={`App ${app.name || i + 1}`}>
        <Field label={`App ${i + 1} name`} error={issue(`${p}.apps[${i}].name`)}>
          {(a) => <input {...a} value={app.name} onChange={(e) => setWl((w) => ({ ...w, apps: replaceAt(w.apps, i, { ...app, name: e.target.value }) }))} />}
        </Field>
        <Field label={`App ${i + 1} manifest`} hint="Kept verbatim, comments included; linted in the Review step." error={issue(`${p}.apps[${i}].manifest`)}>
          {(a) => <textarea {...a} spellCheck={false} value={app.manifest} onChange={(e) => setWl((w) => ({ ...w, apps: replaceAt(w.apps, i, { ...app, manifest: e.target.value }) }))} />}
        </Field>
        <button type="button" className="btn btn-quiet" onClick={() => setWl((w) => ({ ...w, apps: removeAt(w.apps, i) }))}>
          Remove app {app.name}
        </button>
      </div>
    ))}
    <button type="button" className="btn" onClick={() => setWl((w) => ({ ...w, apps: [...w.apps, { name: `app-${w.apps.length + 1}`, manifest: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: my-app\n' }] }))}>
      Add app
    </button>
  </fieldset>
  );
}
