/** Reading and writing the user's files, with errors that say what is wrong with which file. */
import {
  accessSync,
  closeSync,
  constants,
  copyFileSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';

export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String(code);
    throw new InputError(`cannot read ${path}: ${reason}`);
  }
  return parseJson(text, path);
}

/** `text` as JSON; `source` names it in the error. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Writes a file whole or not at all: the data goes to a temporary name in the same directory, which is then
 * renamed over `path` (atomic on POSIX file systems). On failure the temporary file is removed and the
 * error is an InputError naming the path and the reason.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = temporaryPath(path);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new InputError(`cannot write ${path}: ${reason(error)}`);
  }
}

/** A name beside `path` for writing it before the rename: hidden, unique to this process. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** Creates `path` and its parents as needed; a path that cannot be a directory is an InputError saying why. */
export function makeDirectory(path: string): void {
  try {
    makeDirectories(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `cannot create the directory ${path}: ${code === 'EEXIST' ? 'a part of the path is not a directory' : reason(error)}`,
    );
  }
}

/** Fails early, before any work, when `path`'s directory does not exist or cannot be written. */
export function checkWritableDirectory(path: string): void {
  const directory = dirname(path);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch (error) {
    throw new InputError(`cannot write ${path}: ${reason(error)} (directory '${directory}')`);
  }
  if (!isDirectory) throw new InputError(`cannot write ${path}: '${directory}' is not a directory`);
  try {
    accessSync(directory, constants.W_OK);
  } catch (error) {
    throw new InputError(`cannot write ${path}: ${reason(error)} (directory '${directory}')`);
  }
}

export function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return String(code ?? (error as Error).message);
  }
}

/**
 * As writeFileAtomic, and durable: the temporary file is flushed to the disk (fsync) before the rename,
 * and the directory after it, so that not even a power cut leaves a half-written file under `path` —
 * what checkpoints need.
 */
export function writeFileDurable(path: string, data: string | Uint8Array): void {
  const temporary = temporaryPath(path);
  try {
    writeFlushed(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new InputError(`cannot write ${path}: ${reason(error)}`);
  }
  syncDirectory(dirname(path));
}

/** Writes `data` to `path` (created or truncated) and flushes it to the disk; a short write is continued, not lost. */
export function writeFlushed(path: string, data: string | Uint8Array, flag: 'w' | 'a' = 'w'): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fd = openSync(path, flag);
  try {
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Puts the file `source` under the name `path` as well (linkOrCopy), replacing what was there in one rename.
 */
export function linkFileAtomic(source: string, path: string): void {
  const temporary = temporaryPath(path);
  try {
    rmSync(temporary, { force: true });
    linkOrCopy(source, temporary);
    renameSync(temporary, path);
    // A rename between two links to one file does nothing (POSIX), leaving the temporary name behind.
    rmSync(temporary, { force: true });
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new InputError(`cannot write ${path}: ${reason(error)}`);
  }
}

/** A hard link `path` to `source` where the file system has them (no bytes copied), else a copy. */
export function linkOrCopy(source: string, path: string): void {
  try {
    linkSync(source, path);
  } catch {
    copyFileSync(source, path);
  }
}

/** Makes a rename in `directory` durable; where a directory cannot be opened for syncing, it is skipped. */
export function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Not every platform can fsync a directory; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A file's bytes; a missing or unreadable file is an InputError naming it. */
export function readFileBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : reason(error)}`);
  }
}

/**
 * `mkdir -p`: creates `path` and the parents it lacks, one level at a time. Node's own recursive mkdirSync
 * never returns where a parent cannot be made and reports ENOENT (under /proc, on Node 20), so it is not
 * used. Errors are thrown as they come (ENOTDIR, EACCES, …).
 */
export function makeDirectories(path: string): void {
  const missing: string[] = [];
  for (let at = resolve(path); !existsSyncSafe(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const directory of missing.reverse()) mkdirSync(directory);
}

function existsSyncSafe(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
