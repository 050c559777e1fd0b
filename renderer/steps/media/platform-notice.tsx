/**
 * The drive list's statement where this computer cannot write sticks (issue 24 item 13: Windows, macOS). Its own
 * file, free of the API client, so it renders anywhere React does (the unit test renders it in Node).
 */
import { describeStickPlatform } from '../../../main/core/drives/describe';
import type { StickPlatform } from '../../../main/core/drives/types';

/** The plain statement of a computer that cannot write sticks (issue 24 item 13); nothing on Linux. */
export function PlatformNotice({ platform }: { readonly platform: StickPlatform | undefined }) {
  const text = platform && describeStickPlatform(platform);
  if (!text) return null;
  return (
    <div className="banner banner-info" role="note" aria-label="Sticks on this computer">
      <strong className="banner-title">No sticks on this computer: write an image file</strong>
      <p className="banner-hint">{text}</p>
    </div>
  );
}
