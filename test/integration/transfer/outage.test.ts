// The endpoint goes away mid-batch: each affected file gets a clear error, the batch stops
// starting new files, nothing is reported uploaded that the store does not hold, and a retry
// against the restarted store finishes the job. A dedicated s3rver (its data kept in a folder
// across the restart) so the shared servers are not disturbed.
import * as assert from 'assert';
import * as path from 'path';
import type { S3Client } from '@aws-sdk/client-s3';
import { isConnectionError } from '../../../src/core/errors/classify';
import { retryFailed, uploadBatch } from '../../../src/core/transfer/upload';
import { makeClient, startS3rver, uniqueBucket, type S3TestServer } from '../../s3/servers';
import { createBucket, MiB, objectExists, readObject, scratchDir, writeRandomFile } from '../../support/transferFiles';

describe('transfer/upload when the server stops mid-batch [s3rver, dedicated]', () => {
  const scratch = scratchDir('outage');
  const servers: S3TestServer[] = [];
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    scratch.remove();
  });

  it('reports per-file connection errors, stops starting files, and a retry completes the rest', async function () {
    this.timeout(90_000);
    const dataDir = path.join(scratch.dir, 's3-data');
    const contents = new Map<string, Buffer>();
    const src = path.join(scratch.dir, 'ladder');
    for (let i = 0; i < 8; i++) {
      contents.set(`live/ladder/r${i}.mp4`, await writeRandomFile(path.join(src, `r${i}.mp4`), 4 * MiB));
    }
    contents.set('live/ladder/source.mp4', await writeRandomFile(path.join(src, 'source.mp4'), 24 * MiB));

    const first = await startS3rver({ dataDir });
    servers.push(first);
    // Few retries: the point is the error the user gets, not how long the SDK keeps trying.
    let client: S3Client = makeClient(first, { maxAttempts: 2 });
    const bucket = await createBucket(client, uniqueBucket('outage'));
    let stopping: Promise<void> | undefined;
    const result = await uploadBatch(
      client,
      [src],
      { bucket, prefix: 'live' },
      {
        overwrite: 'overwrite',
        concurrency: 2,
        multipartThresholdBytes: 8 * MiB,
        partSizeBytes: 5 * MiB,
        queueSize: 1,
        onProgress: (p) => {
          if (p.filesDone >= 2 && !stopping) {
            stopping = first.stop();
          }
        },
      },
    );
    await stopping;

    assert.strictEqual(result.files.length, 9);
    assert.ok(result.uploaded.length >= 2, `uploaded ${result.uploaded.length}`);
    assert.ok(result.failed.length >= 1, 'the files in flight fail');
    assert.ok(isConnectionError(result.stoppedBy), `stoppedBy: ${String(result.stoppedBy)}`);
    assert.ok(result.notStarted.length >= 1, 'the batch stops starting files');
    for (const f of result.failed) {
      assert.strictEqual(f.stage, 'upload');
      assert.ok(isConnectionError(f.error), `${f.key}: ${String(f.error)}`);
    }
    assert.strictEqual(result.uploaded.length + result.failed.length + result.notStarted.length, 9);

    // Same data folder, new port: check what the store really holds.
    const second = await startS3rver({ dataDir });
    servers.push(second);
    client = makeClient(second);
    for (const f of result.uploaded) {
      assert.ok(contents.get(f.key)!.equals(await readObject(client, bucket, f.key)), `${f.key} reported uploaded`);
    }
    for (const f of result.notStarted) {
      assert.strictEqual(await objectExists(client, bucket, f.key), false, `${f.key} not started but exists`);
    }

    const retry = await retryFailed(client, result, { overwrite: 'overwrite', multipartThresholdBytes: 8 * MiB });
    assert.deepStrictEqual(retry.failed, []);
    assert.strictEqual(retry.uploaded.length, result.failed.length + result.notStarted.length);
    for (const key of contents.keys()) {
      assert.ok(contents.get(key)!.equals(await readObject(client, bucket, key)), key);
    }
  });
});
