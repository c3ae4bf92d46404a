// The one way the analysis reads a file from disk (the CLI and the language server alike). A repository
// chooses what its paths point at: a FIFO blocks a reader forever, /dev/zero never ends, a 1 GB file
// exhausts memory. So only regular files are read (a symbolic link only when its target is one), and
// never more than the size limit, counted while reading.
import * as fs from 'node:fs';

/** Why a file that exists was not read; the loader words it where the file is named. */
export type SkippedRead =
  /** A FIFO, a device, a folder or a socket: reading it may block or never end. */
  | { skipped: 'not-regular'; kind: string; viaLink: boolean }
  /** Larger than the limit: `bytes` is its size, or a lower bound when it grew while read. */
  | { skipped: 'too-large'; bytes: number }
  /** The system refused (permissions): `reason` in words. */
  | { skipped: 'unreadable'; reason: string };

/** A file's text; `undefined` when there is no such file; or why it was not read. */
export type FileRead = string | undefined | SkippedRead;

export function isSkipped(read: FileRead): read is SkippedRead {
  return typeof read === 'object';
}

/** Opening never waits for a FIFO's writer (POSIX; Windows has no FIFOs in the file system). */
const NONBLOCK = fs.constants.O_NONBLOCK ?? 0;
const CHUNK = 64 * 1024;

/** The text of `file` (UTF-8) if it is a regular file of at most `maxBytes` bytes. */
export function readRegularFile(file: string, maxBytes: number): FileRead {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    return missingOrUnreadable(err);
  }
  if (!stat.isFile()) return notRegular(file, stat);
  if (stat.size > maxBytes) return { skipped: 'too-large', bytes: stat.size };
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | NONBLOCK);
  } catch (err) {
    return missingOrUnreadable(err);
  }
  try {
    // The path may have been swapped for a FIFO or a device since the stat: judge what was opened.
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) return notRegular(file, opened);
    // At most limit + 1 bytes: files under /proc say size 0 and have content, and a file may grow meanwhile.
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= maxBytes) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
    }
    if (total > maxBytes) return { skipped: 'too-large', bytes: Math.max(total, opened.size) };
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (err) {
    return missingOrUnreadable(err);
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether something is at `file` that a Compose file name could stand for (anything but a folder). */
export function entryExists(file: string): boolean {
  try {
    return !fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function missingOrUnreadable(err: unknown): FileRead {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return undefined;
  if (code === 'EACCES' || code === 'EPERM') return { skipped: 'unreadable', reason: 'permission denied' };
  return { skipped: 'unreadable', reason: code ?? (err as Error).message };
}

function notRegular(file: string, stat: fs.Stats): SkippedRead {
  let viaLink = false;
  try {
    viaLink = fs.lstatSync(file).isSymbolicLink();
  } catch {
    /* gone meanwhile: said as is */
  }
  return { skipped: 'not-regular', kind: kindOf(stat), viaLink };
}

/** What a file system entry is, in words ("a FIFO (named pipe)"), for a file that is not read. */
export function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isDirectory()) return 'a folder';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}
