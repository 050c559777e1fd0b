import { describe, expect, it } from 'vitest';
import { checkRootPassword, passwordClasses } from '../../../../main/core/media/password';

const codes = (pw: string) => checkRootPassword(pw).map((f) => f.code);

describe('ESXi root password rules', () => {
  it('accepts passwords with 3 classes and 7+ characters', () => {
    expect(codes('Vm-ware!2024x')).toEqual([]);
    expect(codes('k8s#Edge7node')).toEqual([]);
    expect(codes('tr4iN.pots')).toEqual([]);
  });

  it("rejects VMware's own examples: a leading capital and a trailing digit do not count", () => {
    expect(passwordClasses('Xqat3hi')).toBe(2);
    expect(codes('Xqat3hi')).toContain('password-classes');
    expect(codes('xQaTEh2')).toContain('password-classes');
  });

  it('rejects too short, too long, non-ASCII, sequences and obvious words', () => {
    expect(codes('aB1!')).toContain('password-length');
    expect(codes('aB1!'.repeat(11))).toContain('password-length');
    expect(codes('pässwörd-X1')).toContain('password-charset');
    expect(codes('Qwertyuiop1!')).toContain('password-sequence');
    expect(codes('P@ssw0rd!x')).toContain('password-word');
  });
});
