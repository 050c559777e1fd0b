/**
 * A path input with a "Choose…" button: the operating system's dialog in the desktop app, Sitekit's own
 * chooser in browser mode. Typing a path still works (a technician with the path on the clipboard).
 */
import { useState } from 'react';
import type { FileFilter } from '../../main/ipc/channels/files';
import { appInfo } from '../api/app-info';
import { sitekit } from '../api/client';
import { Field } from './field';
import { FileChooser } from './file-chooser';

export interface PathFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (path: string) => void;
  readonly filter: FileFilter;
  readonly save?: boolean;
  readonly hint?: string;
  readonly error?: string;
  /** Title of the chooser, e.g. "Choose the installer ISO". */
  readonly chooserTitle: string;
  readonly defaultName?: string;
  readonly disabled?: boolean;
}

export function PathField({ label, value, onChange, filter, save, hint, error, chooserTitle, defaultName, disabled }: PathFieldProps) {
  const [open, setOpen] = useState(false);
  const choose = async () => {
    const info = await appInfo();
    if (info?.transport === 'electron') {
      const r = await sitekit.files.pick({ filter, save: Boolean(save), title: chooserTitle, ...(value.trim() ? { defaultPath: value.trim() } : {}) });
      if (r.ok && r.value.path) {
        void sitekit.files.remember({ path: r.value.path });
        onChange(r.value.path);
      }
      if (r.ok || r.error.code !== 'unsupported') return;
    }
    setOpen(true);
  };
  return (
    <>
      <Field label={label} hint={hint} error={error}>
        {(a) => (
          <div className="path-input">
            <input {...a} className="mono" value={value} disabled={disabled} spellCheck={false} onChange={(e) => onChange(e.target.value)} />
            <button type="button" className="btn" disabled={disabled} aria-label={`Choose… (${label})`} onClick={() => void choose()}>
              Choose…
            </button>
          </div>
        )}
      </Field>
      {open && (
        <FileChooser
          title={chooserTitle}
          filter={filter}
          save={save}
          start={value}
          defaultName={defaultName}
          onPick={(p) => {
            setOpen(false);
            onChange(p);
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
