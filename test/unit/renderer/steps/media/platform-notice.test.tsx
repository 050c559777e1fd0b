/**
 * The drive list's platform statement (issue 24 item 13), rendered by React as the Media step renders it: on
 * Windows and macOS it says plainly why no sticks are listed and what to do instead; on Linux it says nothing.
 */
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { PlatformNotice } from '../../../../../renderer/steps/media/platform-notice';
import { stickPlatform } from '../../../../../main/core/drives/describe';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/\s+/g, ' ').trim();

describe('PlatformNotice', () => {
  it.each([
    ['win32', 'Windows'],
    ['darwin', 'macOS'],
  ])('on %s it names the system, says sticks are Linux-only, and offers the image file', (os, name) => {
    const html = renderToStaticMarkup(<PlatformNotice platform={stickPlatform(os)} />);
    expect(html).toContain('role="note"');
    expect(text(html)).toContain('No sticks on this computer: write an image file');
    expect(text(html)).toContain(`Writing and reading back USB sticks works on Linux only in this version of Sitekit (it uses Linux's block-device interfaces); this computer runs ${name}, so no sticks are listed. Write an image file instead`);
  });

  it('on Linux, and before the drive list has answered, it renders nothing', () => {
    expect(renderToStaticMarkup(<PlatformNotice platform={stickPlatform('linux')} />)).toBe('');
    expect(renderToStaticMarkup(<PlatformNotice platform={undefined} />)).toBe('');
  });
});
