/**
 * A "Save…" button that asks where to save a new file: the operating system's save dialog in the desktop app,
 * Sitekit's own chooser (in save mode) in browser mode, as PathField does for a path typed into a form. It only
 * picks the path; the caller saves through the contract, where the path policy checks it.
 */
import { useState } from 'react';
import type { FileFilter } from '../../main/ipc/channels/files';
import { appInfo } from '../api/app-info';
import { sitekit } from '../api/client';
import { FileChooser } from './file-chooser';

export interface SaveFileButtonProps {
  /** The button's text, e.g. "Save as .ps1…". */
  readonly label: string;
  /** Title of the dialog, e.g. "Save the PowerCLI script". */
  readonly title: string;
  readonly defaultName: string;
  readonly filter?: FileFilter;
  readonly disabled?: boolean;
  readonly onPicked: (path: string) => void;
}

export function SaveFileButton({ label, title, defaultName, filter = 'any', disabled, onPicked }: SaveFileButtonProps) {
  const [open, setOpen] = useState(false);
  const choose = async () => {
    const info = await appInfo();
    if (info?.transport === 'electron') {
      const r = await sitekit.files.pick({ filter, save: true, title, defaultPath: defaultName });
      if (r.ok && r.value.path) {
        void sitekit.files.remember({ path: r.value.path });
        onPicked(r.value.path);
      }
      if (r.ok || r.error.code !== 'unsupported') return;
    }
    setOpen(true);
  };
  return (
    <>
      <button type="button" className="btn" disabled={disabled} onClick={() => void choose()}>
        {label}
      </button>
      {open && (
        <FileChooser
          title={title}
          filter={filter}
          save
          defaultName={defaultName}
          onPick={(p) => {
            setOpen(false);
            onPicked(p);
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
