/**
 * Turns the user's selection of local files and folders into object keys.
 * A selected folder keeps its own name as the first key segment (like dragging a folder into
 * a bucket in a file manager), and everything below it keeps its relative structure.
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

export interface UploadPlan {
  files: PlannedFile[];
  problems: PlanProblem[];
}

/** "" stays "" (bucket root); anything else ends with exactly one "/" and has no leading "/". */
export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

export async function planUpload(sources: readonly string[], prefix?: string): Promise<UploadPlan> {
  const base = normalizePrefix(prefix);
  const plan: UploadPlan = { files: [], problems: [] };
  for (const source of sources) {
    const absolute = path.resolve(source);
    try {
      const stat = await fs.stat(absolute);
      if (stat.isDirectory()) {
        await walk(absolute, `${base}${path.basename(absolute)}/`, plan);
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

async function walk(dir: string, keyPrefix: string, plan: UploadPlan): Promise<void> {
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
    if (entry.isDirectory()) {
      await walk(full, `${key}/`, plan);
      continue;
    }
    try {
      // Symlinked files are followed; symlinked folders are not, since they can loop.
      const stat = await fs.stat(full);
      if (stat.isFile()) {
        addFile(plan, full, key, stat.size);
      }
    } catch (error) {
      plan.problems.push({ localPath: full, key, error });
    }
  }
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
