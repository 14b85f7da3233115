/**
 * The local data dir holds secrets, people's names and emails (records, mail, Trello state): it
 * and everything Lanyard writes in it are owner-only — directories 0700, files 0600.
 * - The files Lanyard writes itself go through writePrivateFile (mode set even on a file that
 *   existed with a laxer one).
 * - What libraries write there (dynalite's LevelDB, the executions store, cdk.out) is covered by
 *   the process umask, 077 while a local stack runs (privateUmask).
 * - The data dir itself is made 0700 (privateDir), also when an earlier version left it open.
 */
import { chmodSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) owner-only, and tightens it when it is ours and open. */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const stat = statSync(dir);
  // Only a directory this user owns: a shared one (LANYARD_DATA_DIR=/tmp) is left as it is.
  if ((stat.mode & 0o077) !== 0 && stat.uid === process.getuid?.()) chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Writes `text` to `file` with mode 0600; `atomic` writes a temporary file and renames it over. */
export function writePrivateFile(file: string, text: string, options: { atomic?: boolean } = {}): void {
  const target = options.atomic ? `${file}.${process.pid}.tmp` : file;
  writeFileSync(target, text, { mode: PRIVATE_FILE_MODE });
  chmodSync(target, PRIVATE_FILE_MODE); // the mode above applies only when the file is created
  if (options.atomic) renameSync(target, file);
}

let holders = 0;
let umaskBefore: number | null = null;

/**
 * Sets the process umask to 077 until the returned function is called (nested holders share
 * it; the last one restores the previous umask). Where the umask cannot be set (worker threads),
 * the explicit modes above still hold and the data dir's 0700 keeps other users out.
 */
export function privateUmask(): () => void {
  try {
    if (holders === 0) umaskBefore = process.umask(0o077);
  } catch {
    return () => undefined;
  }
  holders += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders -= 1;
    if (holders === 0 && umaskBefore !== null) {
      process.umask(umaskBefore);
      umaskBefore = null;
    }
  };
}
