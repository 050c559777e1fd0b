/** Sitekit's version, injected at build time by scripts/build.mjs; the source default is for tests. */
declare const __SITEKIT_VERSION__: string | undefined;
export const SITEKIT_VERSION: string = typeof __SITEKIT_VERSION__ === 'string' ? __SITEKIT_VERSION__ : '0.1.0-dev';
