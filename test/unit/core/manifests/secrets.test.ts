/**
 * What counts as a plain-text credential in text that goes to Git (cloud-init, unattend.xml, URLs, config
 * lines, environment variable names), and what does not (hashes, references, placeholders).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64, findSecretsInText, isCredentialName, isHarmlessValue, URL_CREDENTIALS } from '../../../../main/core/manifests/secrets';

describe('credential names', () => {
  it('names that say they hold a credential', () => {
    for (const n of ['PASSWORD', 'DB_PASS', 'db-passwd', 'ADMIN_PASSWORD_PLAIN', 'client_secret', 'GITHUB_TOKEN', 'api_key', 'API-KEY', 'apikey', 'access_key', 'PRIVATE_KEY', 'private-key', 'KEY', 'SSH_KEY', 'key-material']) {
      expect(isCredentialName(n), n).toBe(true);
    }
  });

  it('names that only name, locate or describe one', () => {
    for (const n of ['METALLB_ML_SECRET_NAME', 'TOKEN_FILE', 'KEY_ID', 'password-path', 'SECRET_DIR', 'token_ref', 'TOKEN_URL', 'key-uri', 'KEY_TYPE', 'PASSWORD_LENGTH', 'key_size', 'TOKEN_TTL', 'token-expiry', 'TOKEN_EXPIRES', 'AUTH_HEADER', 'password_field', 'KEYBOARD', 'MONKEY', 'USERNAME', 'HOST']) {
      expect(isCredentialName(n), n).toBe(false);
    }
  });
});

describe('harmless values', () => {
  it('empty, null-ish, booleans, crypt hashes, templates, placeholders and references', () => {
    for (const v of ['', '  ', '~', 'null', 'false', 'true', '"true"', "'  '", '$6$salt$hash', '$y$j9T$abc', '${DB_PASSWORD}', '{{ .Values.password }}', '<your password here>', '%PASSWORD%', 'secretKeyRef:', 'valueFrom']) {
      expect(isHarmlessValue(v), JSON.stringify(v)).toBe(true);
    }
  });

  it('anything else is a value that may be a secret', () => {
    for (const v of ['hunter2', '"VMware1!"', 'x$6$y', 'True1', 'nullable', '6$abc']) expect(isHarmlessValue(v), v).toBe(false);
  });
});

describe('findSecretsInText', () => {
  const kinds = (t: string) => findSecretsInText(t).sort();

  it('a URL with user and password, in any scheme; without a password or with only a user it is none', () => {
    expect(kinds('rtsp://admin:12345@10.0.0.9:554/stream')).toEqual(['url-credentials']);
    expect(kinds('see https://user:pa55@git.example.com/x.git for the repo')).toEqual(['url-credentials']);
    expect(kinds('git+ssh://u:p@host/x')).toEqual(['url-credentials']);
    expect(kinds('https://user@git.example.com/x.git')).toEqual([]);
    expect(kinds('https://git.example.com/a:b@c')).toEqual([]);
    expect(URL_CREDENTIALS.test('mailto:user:pw@x')).toBe(false);
  });

  it('a Windows unattend password in plain text, but not a hidden one', () => {
    const xml = (plain: string) => `<?xml version="1.0"?>\n<unattend><AdministratorPassword><Value>Secret1!</Value><PlainText>${plain}</PlainText></AdministratorPassword></unattend>`;
    expect(kinds(xml('true'))).toEqual(['unattend-password']);
    expect(kinds(xml(' TRUE '))).toEqual(['unattend-password']);
    expect(kinds(xml('false'))).toEqual([]);
    expect(kinds('<unattend><PlainText>true</PlainText><Value></Value></unattend>')).toEqual([]);
    // XML is not read as key = value lines.
    expect(kinds('<?xml version="1.0"?>\n<x>password = visible</x>')).toEqual([]);
    expect(kinds('  <unattend>password: x</unattend>')).toEqual([]);
  });

  it('cloud-init passwords in each place cloud-init takes them', () => {
    const ci = (body: string) => `#cloud-config\n${body}\n`;
    expect(kinds(ci('password: ubuntu'))).toEqual(['cloud-init-password']);
    expect(kinds(ci('password: $6$salt$hash'))).toEqual([]);
    expect(kinds(ci('chpasswd:\n  list: |\n    ubuntu:ubuntu\n    root:RANDOM'))).toEqual(['cloud-init-password']);
    expect(kinds(ci('chpasswd:\n  list: |\n    root:RANDOM\n    ops:R'))).toEqual([]);
    expect(kinds(ci('chpasswd:\n  list:\n    - ubuntu:s3cret'))).toEqual(['cloud-init-password']);
    expect(kinds(ci("chpasswd:\n  list:\n    - 'ubuntu:$6$abc$def'"))).toEqual([]);
    expect(kinds(ci('chpasswd:\n  users:\n    - {name: ubuntu, password: s3cret, type: text}'))).toEqual(['cloud-init-password']);
    expect(kinds(ci('chpasswd:\n  users:\n    - {name: ubuntu, password: $6$a$b, type: hash}'))).toEqual([]);
    expect(kinds(ci('users:\n  - name: ops\n    plain_text_passwd: s3cret'))).toEqual(['cloud-init-password']);
    expect(kinds(ci("users:\n  - name: ops\n    plain_text_passwd: ''"))).toEqual([]);
    expect(kinds(ci('users:\n  - name: ops\n    passwd: s3cret'))).toEqual(['cloud-init-password']);
    expect(kinds(ci("users:\n  - name: ops\n    passwd: '$6$abc$def'"))).toEqual([]);
    expect(kinds(ci('users:\n  - default\n  - name: ops\n    ssh_authorized_keys: [ssh-ed25519 AAAA]'))).toEqual([]);
    expect(kinds('   #cloud-config\npassword: ubuntu\n')).toEqual(['cloud-init-password']);
  });

  it('cloud-init text that is not valid YAML is read line by line; text that never says "pass" has no password', () => {
    expect(kinds('#cloud-config\npassword: [unclosed\n')).toEqual(['password-field']);
    expect(kinds('#cloud-config\nhostname: nvr\n')).toEqual([]);
  });

  it('password, secret, token and key lines in config files, not their placeholders or block starts', () => {
    expect(kinds('[db]\npassword = hunter2\n')).toEqual(['password-field']);
    expect(kinds('db_password: "hunter2"')).toEqual(['password-field']);
    expect(kinds('api_key=abc123')).toEqual(['password-field']);
    expect(kinds("  'client-secret' : x")).toEqual(['password-field']);
    expect(kinds('token: ${TOKEN}')).toEqual([]);
    expect(kinds('password: |\n  multi')).toEqual([]);
    expect(kinds('password: >-')).toEqual([]);
    expect(kinds('password: # set at install')).toEqual([]);
    expect(kinds('password: hunter2 # the old one')).toEqual(['password-field']);
    expect(kinds('password: hunter#2')).toEqual(['password-field']);
    expect(kinds('password: ~\nsecret: null\n')).toEqual([]);
    expect(kinds('username = admin\nhost = db\n')).toEqual([]);
    expect(kinds('password = x\npassword = y')).toEqual(['password-field']);
  });

  it('reports each kind once, and several kinds together', () => {
    expect(kinds('password = a\nurl = https://u:p@h/x\nurl2 = https://u:q@h/y')).toEqual(['password-field', 'url-credentials']);
  });
});

describe('decodeBase64', () => {
  it('agrees with Node\'s decoder on random bytes of every padding length', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 64, 257]) {
      const bytes = randomBytes(n);
      expect(decodeBase64(bytes.toString('base64')), `${n} bytes`).toBe(bytes.toString('latin1'));
    }
  });

  it('ignores line breaks and spaces, and says undefined for what is not base64', () => {
    expect(decodeBase64('dG9r\nZW46IGFi\r\nYzEyMwo=')).toBe('token: abc123\n');
    expect(decodeBase64('dG9rZW4=')).toBe('token');
    expect(decodeBase64('abc')).toBeUndefined();
    expect(decodeBase64('ab$=')).toBeUndefined();
    expect(decodeBase64('a===')).toBeUndefined();
    expect(decodeBase64('')).toBe('');
  });
});
