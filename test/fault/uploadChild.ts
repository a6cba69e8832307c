// Runs one upload in its own process so a test can kill it with SIGKILL mid-transfer, as a
// crash or a closed editor would. Argument: a JSON job. Prints nothing; the test watches the
// resume store and the fault proxy.
import { createS3Client } from '../../src/core/storage/client';
import { FileResumeStore } from '../../src/core/transfer/resumeStore';
import { uploadBatch } from '../../src/core/transfer/upload';

interface Job {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  prefix: string;
  file: string;
  storeDir: string;
  partSizeBytes: number;
  queueSize: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as Job;
  const client = await createS3Client(
    { id: 'child', label: 'Child', kind: 's3-compatible', region: job.region, endpoint: job.endpoint, forcePathStyle: true },
    { accessKeyId: job.accessKeyId, secretAccessKey: job.secretAccessKey },
  );
  await uploadBatch(
    client,
    [job.file],
    { bucket: job.bucket, prefix: job.prefix },
    {
      overwrite: 'overwrite',
      multipartThresholdBytes: job.partSizeBytes,
      partSizeBytes: job.partSizeBytes,
      queueSize: job.queueSize,
      resumeStore: new FileResumeStore(job.storeDir),
      connectionKey: 'child',
      endpoint: job.endpoint,
    },
  );
  client.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
