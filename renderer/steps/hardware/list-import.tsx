/** Import an updated compatibility list (its file and its checksum file). */
import { useState, type ChangeEvent } from 'react';
import type { AppError } from '../../../main/core/result';
import { sitekit } from '../../api/client';
import { Field } from '../../components/field';

export function ListImport({ onImported, onError }: { readonly onImported: () => void; readonly onError: (e: AppError) => void }) {
  const [listFile, setListFile] = useState<{ text: string; name: string } | undefined>();
  const [sumFile, setSumFile] = useState<string | undefined>();
  const [done, setDone] = useState('');
  const pick = (set: (v: { text: string; name: string }) => void) => (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (f) void f.text().then((text) => set({ text, name: f.name }));
  };
  const run = async () => {
    if (!listFile) return;
    const r = await sitekit.hardware.importList({ text: listFile.text, checksum: sumFile ?? '', fileName: listFile.name });
    if (!r.ok) return onError(r.error);
    setDone(`Now using compatibility list ${r.value.listVersion} (${r.value.origin}).`);
    onImported();
  };
  return (
    <details className="hw-import">
      <summary>Import an updated compatibility list</summary>
      <div className="grid-3">
        <Field label="List file (.json)">{(a) => <input {...a} type="file" accept=".json,application/json" onChange={pick(setListFile)} />}</Field>
        <Field label="Checksum file (.sha256)">{(a) => <input {...a} type="file" accept=".sha256,.txt" onChange={pick((v) => setSumFile(v.text))} />}</Field>
        <div className="field">
          <button type="button" className="btn" disabled={!listFile} onClick={() => void run()}>
            Import list
          </button>
        </div>
      </div>
      <p className="muted" role="status" aria-live="polite">
        {done}
      </p>
    </details>
  );
}
