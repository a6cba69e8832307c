import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { planUpload, type UploadPlan } from '../../../src/core/transfer/plan';
import { scratchDir } from '../../support/transferFiles';

/** What the user is shown: keys to upload, keys left out and why, and problems. */
function view(plan: UploadPlan): { files: string[]; skipped: string[]; problems: string[] } {
  return {
    files: plan.files.map((f) => f.key).sort(),
    skipped: plan.skipped.map((s) => `${s.key}: ${s.reason}`).sort(),
    problems: plan.problems.map((p) => p.key ?? p.localPath).sort(),
  };
}

describe('transfer/plan symbolic links', () => {
  const scratch = scratchDir('plan');
  let media: string;
  let secret: string;

  before(async () => {
    // media/ holds a real file, a link to a "credentials" file outside it, a link to a folder
    // outside it, a dangling link, and a subfolder with a link to a sibling file.
    const root = scratch.dir;
    media = path.join(root, 'media');
    secret = path.join(root, 'home', '.aws', 'credentials');
    await fs.mkdir(path.join(media, 'hls'), { recursive: true });
    await fs.mkdir(path.dirname(secret), { recursive: true });
    await fs.writeFile(secret, '[default]\naws_secret_access_key = not-for-the-bucket\n');
    await fs.writeFile(path.join(media, 'master.m3u8'), '#EXTM3U\n');
    await fs.writeFile(path.join(media, 'hls', 'seg0.ts'), 'segment');
    await fs.symlink(secret, path.join(media, 'notes.txt'));
    await fs.symlink(path.join(root, 'home'), path.join(media, 'home-link'));
    await fs.symlink(path.join(root, 'nowhere'), path.join(media, 'dangling.mp4'));
    await fs.symlink('seg0.ts', path.join(media, 'hls', 'seg-alias.ts'));
  });
  after(() => scratch.remove());

  it('skips links inside a folder by default and reports each with its reason', async () => {
    const plan = await planUpload([media], 'in');
    assert.deepStrictEqual(view(plan), {
      files: ['in/media/hls/seg0.ts', 'in/media/master.m3u8'],
      skipped: ['in/media/dangling.mp4: symlink', 'in/media/hls/seg-alias.ts: symlink', 'in/media/home-link: symlinked-folder', 'in/media/notes.txt: symlink'],
      problems: [],
    });
    const notes = plan.skipped.find((s) => s.key === 'in/media/notes.txt');
    assert.strictEqual(notes?.localPath, path.join(media, 'notes.txt'));
    assert.match(notes?.message ?? '', new RegExp(`symbolic link to ${escape(secret)}; not uploaded because following symbolic links is off`));
  });

  it('follows links to files when asked, still never links to folders, and reports a dangling link as a problem', async () => {
    const plan = await planUpload([media], 'in', { followSymlinks: true });
    assert.deepStrictEqual(view(plan), {
      files: ['in/media/hls/seg-alias.ts', 'in/media/hls/seg0.ts', 'in/media/master.m3u8', 'in/media/notes.txt'],
      skipped: ['in/media/home-link: symlinked-folder'],
      problems: ['in/media/dangling.mp4'],
    });
    const notes = plan.files.find((f) => f.key === 'in/media/notes.txt');
    assert.strictEqual(notes?.size, (await fs.stat(secret)).size);
    assert.match(plan.skipped[0].message, /links to folders are never followed/);
    assert.strictEqual((plan.problems[0].error as NodeJS.ErrnoException).code, 'ENOENT');
  });

  it('follows a link the user selected directly, file or folder, but not the links inside that folder', async () => {
    const plan = await planUpload([path.join(media, 'notes.txt'), path.join(media, 'home-link')], '');
    assert.deepStrictEqual(view(plan), { files: ['home-link/.aws/credentials', 'notes.txt'], skipped: [], problems: [] });

    const outer = path.join(scratch.dir, 'outer');
    await fs.mkdir(outer, { recursive: true });
    await fs.symlink(media, path.join(outer, 'media-link'));
    const viaLink = await planUpload([path.join(outer, 'media-link')], '');
    assert.deepStrictEqual(view(viaLink).files, ['media-link/hls/seg0.ts', 'media-link/master.m3u8']);
    assert.strictEqual(viaLink.skipped.length, 4);
  });

  it('reports a named pipe as not a file instead of passing over it in silence', async function () {
    const fifo = path.join(scratch.dir, 'piped', 'live.fifo');
    await fs.mkdir(path.dirname(fifo), { recursive: true });
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      this.skip(); // no mkfifo (Windows): nothing to test
    }
    const plan = await planUpload([path.dirname(fifo)], '');
    assert.deepStrictEqual(view(plan), { files: [], skipped: ['piped/live.fifo: not-a-file'], problems: [] });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
