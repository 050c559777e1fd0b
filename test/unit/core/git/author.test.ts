/** Who a commit is made as: the Git identity, else the technician in Settings, else the site's technician for the name. */
import { describe, expect, it } from 'vitest';
import { resolveCommitAuthor } from '../../../../main/core/git/author';

const settings = (technician: { name: string; email: string }, git = { name: '', email: '' }) => ({ technician, git });

describe('resolveCommitAuthor', () => {
  it('prefers the Git identity, then the technician; the site technician only fills a missing name', () => {
    expect(resolveCommitAuthor(settings({ name: 'Ana', email: 'ana@x' }, { name: 'Ops', email: 'ops@x' }))).toEqual({ name: 'Ops', email: 'ops@x' });
    expect(resolveCommitAuthor(settings({ name: 'Ana', email: 'ana@x' }))).toEqual({ name: 'Ana', email: 'ana@x' });
    expect(resolveCommitAuthor(settings({ name: '', email: 'ana@x' }), 'Priya')).toEqual({ name: 'Priya', email: 'ana@x' });
  });

  it('names what is missing, so Commit can stay off and say why', () => {
    expect(resolveCommitAuthor(settings({ name: 'Ana', email: '  ' })).missing).toBe('email');
    expect(resolveCommitAuthor(settings({ name: '', email: 'ana@x' })).missing).toBe('name');
    expect(resolveCommitAuthor(settings({ name: '', email: '' })).missing).toBe('name and email');
    expect(resolveCommitAuthor(settings({ name: '', email: '' }), 'Priya').missing).toBe('email');
  });
});
