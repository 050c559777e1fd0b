/**
 * The PowerCLI script that makes a custom ISO with the drivers the chosen ISO lacks: shown folded, and taken
 * to the Windows machine that runs PowerCLI by Copy (the clipboard) or Save (a .ps1 file saved by main through
 * `script:save`, the path checked by the path policy). The script scrolls inside its box, so a long line
 * never widens the step.
 */
import { useRef, useState } from 'react';
import type { AppError } from '../../../main/core/result';
import { sitekit } from '../../api/client';
import { ErrorBanner } from '../../components/error-banner';
import { SaveFileButton } from '../../components/save-file-button';

export interface PowerCliScriptProps {
  readonly script: string;
  readonly siteId: string;
  /** The ISO the script was made for (the preflight's). */
  readonly iso: string;
  /** Which hosts: as the preflight was asked. */
  readonly scope: { readonly host?: string; readonly allHosts?: boolean };
}

/** Copies text: the asynchronous clipboard API, else the selection and the copy command. */
async function copyText(text: string, fallback: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!fallback) return false;
    const range = document.createRange();
    range.selectNodeContents(fallback);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    // execCommand is deprecated but is the one copy path left when the clipboard API is refused.
    const done = document.execCommand('copy');
    sel?.removeAllRanges();
    return done;
  }
}

export function PowerCliScript({ script, siteId, iso, scope }: PowerCliScriptProps) {
  const pre = useRef<HTMLPreElement>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<AppError | undefined>();
  const lines = script.trimEnd().split('\n').length;

  const copy = async () => {
    setError(undefined);
    const done = await copyText(script, pre.current);
    setNote(
      done
        ? `Copied the script (${lines} lines) to the clipboard. Paste it into a .ps1 file on the Windows machine with PowerCLI.`
        : 'The clipboard refused the copy. Use Save as .ps1 instead, or select the script and copy it by hand.',
    );
  };

  const save = async (path: string) => {
    setNote('');
    setError(undefined);
    const r = await sitekit.script.save({ siteId, iso, ...scope, path });
    if (r.ok) setNote(`Saved the script to ${r.value.path} (${r.value.bytes} bytes). Run it with PowerCLI on a Windows machine.`);
    else setError(r.error);
  };

  return (
    <details className="powercli">
      <summary>PowerCLI script that adds the missing driver to the ISO</summary>
      <div className="powercli-actions">
        <button type="button" className="btn" onClick={() => void copy()}>
          Copy script
        </button>
        <SaveFileButton label="Save as .ps1…" title="Save the PowerCLI script" defaultName={`${siteId}-custom-iso.ps1`} onPicked={(p) => void save(p)} />
        <span className="muted" role="status" aria-live="polite">
          {note}
        </span>
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      <pre ref={pre} className="mono powercli-script" tabIndex={0} aria-label="PowerCLI script">
        {script}
      </pre>
    </details>
  );
}
