/**
 * Reading and writing many small files (a site repo holds thousands of them).
 *
 * The callback forms of node's fs, promisified: fs/promises' readFile and writeFile go through a FileHandle
 * and make more thread-pool round trips per file. Measured on this project's 500-store repo (3,834 files of
 * ~800 bytes, 2 vCPUs): writing them with fs/promises took 700 ms wall and 1.1 s CPU, with these 400 ms and
 * 0.65 s (the same as `cp -r` of the tree); reading was four times faster. Same semantics otherwise: errors
 * are rejected with their errno code.
 */
import { mkdir as mkdirCallback, readFile as readFileCallback, writeFile as writeFileCallback } from 'node:fs';
import { promisify } from 'node:util';

const readFileAsync = promisify(readFileCallback) as (path: string, encoding: 'utf8') => Promise<string>;
const writeFileAsync = promisify(writeFileCallback) as (path: string, data: string | Uint8Array, options: { mode: number }) => Promise<void>;
const mkdirAsync = promisify(mkdirCallback) as (path: string, options: { recursive: boolean }) => Promise<string | undefined>;

/** A file's text (UTF-8). */
export const readText = (path: string): Promise<string> => readFileAsync(path, 'utf8');

/** Creates or replaces a file with `data` (not atomically: for staging folders and fresh object files). */
export const writeSmallFile = (path: string, data: string | Uint8Array, mode = 0o644): Promise<void> => writeFileAsync(path, data, { mode });

/** Creates a folder and its missing parents. */
export const makeDirs = async (path: string): Promise<void> => {
  await mkdirAsync(path, { recursive: true });
};

