// Errors raised by the engine: Node-style Errors whose `.code` is the errno name (EIO, ENOSPC, EINVAL,
// EBADF, ERANGE...), with `.errno` (negative, as in node:fs), `.syscall` and a message naming the file,
// offset and length.
import { getSystemErrorMap } from 'node:util';

export interface IoError extends Error {
  code: string;
  errno: number;
  syscall: string;
  path?: string;
  /** Bytes actually transferred, set on short reads and short writes. */
  bytesTransferred?: number;
}

const systemErrors = getSystemErrorMap();

/** An error for errno `errno` (positive, as the kernel returns it negated). */
export function errnoError(errno: number, syscall: string, detail: string, path?: string): IoError {
  const known = systemErrors.get(-errno);
  const code = known ? known[0] : `E${errno}`;
  const desc = known ? known[1] : `errno ${errno}`;
  return makeError(code, -errno, `${code}: ${desc}, ${syscall} ${detail}`, syscall, path);
}

/** An error with an errno name but a message of our own (validation, short transfers). */
export function codeError(code: string, syscall: string, message: string, path?: string): IoError {
  let errno = 0;
  for (const [n, [name]] of systemErrors) {
    if (name === code) {
      errno = n;
      break;
    }
  }
  return makeError(code, errno, `${code}: ${message}`, syscall, path);
}

function makeError(code: string, errno: number, message: string, syscall: string, path?: string): IoError {
  const err = new Error(message) as IoError;
  err.code = code;
  err.errno = errno;
  err.syscall = syscall;
  if (path !== undefined) err.path = path;
  return err;
}
