/**
 * Sitekit's own file chooser for browser mode (a browser cannot hand a page the full path of a local file):
 * a modal dialog listing folders and matching files through `files:list`, with recent folders and places.
 * In the desktop app `pickPath` uses the operating system's dialog instead (`files:pick`).
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { AppError } from '../../main/core/result';
import type { FileFilter, FileListing } from '../../main/ipc/channels/files';
import { driveSize } from '../../main/core/drives/constraints';
import { sitekit } from '../api/client';
import { ErrorBanner } from './error-banner';

export interface FileChooserProps {
  readonly title: string;
  readonly filter: FileFilter;
  /** Ask for a new file name (an image-file target) instead of an existing file. */
  readonly save?: boolean;
  /** Where to start: the current value's folder, if any. */
  readonly start?: string;
  readonly defaultName?: string;
  readonly onPick: (path: string) => void;
  readonly onClose: () => void;
}

const FILTER_TEXT: Record<FileFilter, string> = { iso: 'Folders and installer ISOs (*.iso)', image: 'Folders and image files (*.img)', folder: 'Folders', any: 'All files' };

const parentOf = (p: string) => p.replace(/[\\/][^\\/]*$/, '') || '/';

export function FileChooser({ title, filter, save, start, defaultName, onPick, onClose }: FileChooserProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [listing, setListing] = useState<FileListing | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [address, setAddress] = useState('');
  const [selected, setSelected] = useState<string | undefined>();
  const [name, setName] = useState(defaultName ?? '');

  const latest = useRef(0);
  const edits = useRef(0);
  const go = useCallback(
    async (dir?: string) => {
      // Only the newest request shows: a slow first listing never replaces the folder asked for since,
      // nor a folder the technician started typing while it loaded.
      const ticket = ++latest.current;
      const typed = edits.current;
      const r = await sitekit.files.list({ ...(dir ? { dir } : {}), filter });
      if (ticket !== latest.current) return;
      if (!r.ok) return setError(r.error);
      setError(undefined);
      setListing(r.value);
      if (typed === edits.current) setAddress(r.value.dir);
      setSelected(undefined);
    },
    [filter],
  );

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    const first = start?.trim() ? (/\.[A-Za-z0-9]{1,4}$/.test(start) || save ? parentOf(start) : start) : undefined;
    void go(first).then(() => undefined);
  }, [go, start, save]);

  const pick = (path: string) => {
    void sitekit.files.remember({ path });
    onPick(path);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (save && listing && name.trim()) pick(`${listing.dir.replace(/\/+$/, '')}/${name.trim()}`);
    else if (selected) pick(selected);
  };

  return (
    <dialog ref={ref} className="chooser" aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      <form method="dialog" onSubmit={submit} className="chooser-body">
        <h2 id={titleId} className="chooser-title">
          {title}
        </h2>
        <div className="chooser-address">
          <button type="button" className="btn" disabled={!listing?.parent} onClick={() => listing?.parent && void go(listing.parent)}>
            Up
          </button>
          <label className="sr-only" htmlFor={`${titleId}-addr`}>
            Folder
          </label>
          <input
            id={`${titleId}-addr`}
            className="mono"
            value={address}
            onChange={(e) => {
              edits.current++;
              setAddress(e.target.value);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void go(address.trim());
              }
            }}
          />
          <button type="button" className="btn" onClick={() => void go(address.trim())}>
            Go
          </button>
        </div>
        {error && <ErrorBanner error={error} />}
        <div className="chooser-main">
          <nav className="chooser-places" aria-label="Places">
            {listing && listing.recent.length > 0 && (
              <>
                <h3>Recent folders</h3>
                <ul>
                  {listing.recent.map((r) => (
                    <li key={r}>
                      <button type="button" className="btn btn-quiet mono" title={r} onClick={() => void go(r)}>
                        {r.split('/').filter(Boolean).slice(-2).join('/') || '/'}
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <h3>Places</h3>
            <ul>
              {listing?.places.map((p) => (
                <li key={p.path}>
                  <button type="button" className="btn btn-quiet" title={p.path} onClick={() => void go(p.path)}>
                    {p.label}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <ul className="chooser-list" aria-label={`Contents of ${listing?.dir ?? 'the folder'}`}>
            {listing?.entries.length === 0 && <li className="muted chooser-empty">Nothing here matches: {FILTER_TEXT[filter]}.</li>}
            {listing?.entries.map((e) => (
              <li key={e.path}>
                <button
                  type="button"
                  className={`chooser-entry${selected === e.path ? ' selected' : ''}`}
                  aria-pressed={e.kind === 'file' ? selected === e.path : undefined}
                  onClick={() => {
                    if (e.kind === 'folder') void go(e.path);
                    else if (save) setName(e.name);
                    else setSelected(e.path);
                  }}
                  onDoubleClick={() => e.kind === 'file' && !save && pick(e.path)}
                >
                  <span aria-hidden="true" className="chooser-icon">
                    {e.kind === 'folder' ? '▸' : '·'}
                  </span>
                  <span className="chooser-name">{e.name}{e.kind === 'folder' ? '/' : ''}</span>
                  <span className="muted chooser-size">{e.size !== undefined ? driveSize(e.size) : ''}</span>
                </button>
              </li>
            ))}
            {listing && listing.omitted > 0 && <li className="muted">…and {listing.omitted} more; type a folder above to narrow it down.</li>}
          </ul>
        </div>
        {save && (
          <div className="field">
            <label htmlFor={`${titleId}-name`}>File name</label>
            <input id={`${titleId}-name`} className="mono" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
        )}
        <div className="form-actions">
          <span className="muted chooser-filter">{FILTER_TEXT[filter]}</span>
          <button type="submit" className="btn btn-primary chooser-ok" disabled={save ? !name.trim() || !listing : !selected}>
            {save ? 'Use this file name' : 'Choose'}
          </button>
          <button type="button" className="btn" onClick={() => ref.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
