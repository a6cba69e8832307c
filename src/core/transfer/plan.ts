/**
 * Turns the user's selection of local files and folders into object keys.
 * A selected folder keeps its own name as the first key segment (like dragging a folder into
 * a bucket in a file manager), and everything below it keeps its relative structure.
 *
 * Symbolic links inside a folder are not followed by default: a link can point anywhere (a
 * credentials file, a home folder), and choosing a folder is not choosing what its links lead
 * to. A source the user selected directly is followed even when it is a link: that one they
 * did choose.
 */
import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { contentTypeFor } from './mime';

export interface PlannedFile {
  localPath: string;
  key: string;
  size: number;
  contentType: string;
}

export interface PlanProblem {
  localPath: string;
  key?: string;
  error: unknown;
}

/**
 * 'symlink': a link inside a folder, left out because following links is off.
 * 'symlinked-folder': a link to a folder, never followed (it can loop or lead anywhere).
 * 'not-a-file': a socket, pipe or device, which has no content to upload.
 */
export type PlanSkipReason = 'symlink' | 'symlinked-folder' | 'not-a-file';

/** An entry of a selected folder that is deliberately not uploaded; not an error. */
export interface PlanSkip {
  localPath: string;
  /** The key it would have had. */
  key: string;
  reason: PlanSkipReason;
  /** For the user: what it is and why it is left out. */
  message: string;
}

export interface UploadPlan {
  files: PlannedFile[];
  problems: PlanProblem[];
  skipped: PlanSkip[];
}

export interface PlanOptions {
  /** Upload the files that symbolic links inside selected folders point to. Default false. */
  followSymlinks?: boolean | undefined;
}

/** "" stays "" (bucket root); anything else ends with exactly one "/" and has no leading "/". */
export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

export async function planUpload(sources: readonly string[], prefix?: string, options: PlanOptions = {}): Promise<UploadPlan> {
  const base = normalizePrefix(prefix);
  const plan: UploadPlan = { files: [], problems: [], skipped: [] };
  const follow = options.followSymlinks === true;
  for (const source of sources) {
    const absolute = path.resolve(source);
    try {
      const stat = await fs.stat(absolute);
      if (stat.isDirectory()) {
        await walk(absolute, `${base}${path.basename(absolute)}/`, plan, follow);
      } else if (stat.isFile()) {
        addFile(plan, absolute, `${base}${path.basename(absolute)}`, stat.size);
      } else {
        plan.problems.push({ localPath: absolute, error: new Error(`${absolute} is neither a file nor a folder.`) });
      }
    } catch (error) {
      plan.problems.push({ localPath: absolute, error });
    }
  }
  rejectDuplicateKeys(plan);
  return plan;
}

async function walk(dir: string, keyPrefix: string, plan: UploadPlan, follow: boolean): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    plan.problems.push({ localPath: dir, error });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const key = `${keyPrefix}${entry.name}`;
    // Dirent types come from lstat: a link is seen as a link, not as what it points to.
    if (entry.isDirectory()) {
      await walk(full, `${key}/`, plan, follow);
      continue;
    }
    try {
      if (entry.isSymbolicLink()) {
        await addLink(plan, full, key, follow);
      } else if (entry.isFile()) {
        addFile(plan, full, key, (await fs.stat(full)).size);
      } else {
        skip(plan, full, key, 'not-a-file', `${full} is not a regular file (a socket, pipe or device); not uploaded.`);
      }
    } catch (error) {
      plan.problems.push({ localPath: full, key, error });
    }
  }
}

async function addLink(plan: UploadPlan, link: string, key: string, follow: boolean): Promise<void> {
  const target = await fs.readlink(link);
  // stat, not lstat: what the link leads to decides the reason. A dangling link fails here,
  // and when links are followed that is the user's problem to hear about.
  const stat = await fs.stat(link).catch((error: unknown) => {
    if (follow) throw error;
    return undefined;
  });
  if (stat?.isDirectory()) {
    skip(plan, link, key, 'symlinked-folder', `${link} is a symbolic link to the folder ${target}; links to folders are never followed.`);
  } else if (!follow) {
    skip(plan, link, key, 'symlink', `${link} is a symbolic link to ${target}; not uploaded because following symbolic links is off.`);
  } else if (stat?.isFile()) {
    addFile(plan, link, key, stat.size);
  } else {
    skip(plan, link, key, 'not-a-file', `${link} leads to ${target}, which is not a regular file; not uploaded.`);
  }
}

function skip(plan: UploadPlan, localPath: string, key: string, reason: PlanSkipReason, message: string): void {
  plan.skipped.push({ localPath, key, reason, message });
}

function addFile(plan: UploadPlan, localPath: string, key: string, size: number): void {
  plan.files.push({ localPath, key, size, contentType: contentTypeFor(localPath) });
}

/** Two sources with the same name would silently overwrite each other's object. */
function rejectDuplicateKeys(plan: UploadPlan): void {
  const seen = new Map<string, string>();
  plan.files = plan.files.filter((file) => {
    const first = seen.get(file.key);
    if (first === undefined) {
      seen.set(file.key, file.localPath);
      return true;
    }
    plan.problems.push({
      localPath: file.localPath,
      key: file.key,
      error: new Error(`${file.localPath} and ${first} would both be uploaded as "${file.key}".`),
    });
    return false;
  });
}
