// The upload figures: one big file and one folder of small files, ours against aws-cli and
// rclone, and one raw curl PUT as the server's ceiling for a single stream.
import { contest, type Contestant, type Samples } from './contest';
import { deletePrefix, type BenchServer } from './benchServer';
import { awsCp, BASELINE_CHILD, curlPut, ours, rcloneCopy } from './tools';

export interface UploadData {
  scratch: string;
  bigFile: string;
  bigBytes: number;
  folder: string;
  folderFiles: number;
  folderBytes: number;
}

export interface UploadFigures {
  big: Samples[];
  folder: Samples[];
}

export async function uploadFigures(b: BenchServer, d: UploadData, rounds: number, log: (l: string) => void): Promise<UploadFigures> {
  const { server, bucket } = b;
  const key = (who: string, round: number): string => `big/${who}-${round}/file.bin`;
  const dropBig = (who: string) => (round: number) => deletePrefix(b, `big/${who}-${round}/`);
  log(`  [${server.kind}] one ${(d.bigBytes / 2 ** 20).toFixed(0)} MiB file, ${rounds} rounds`);
  const big: Contestant[] = [
    { name: 'ours', run: (r) => ours(server, { mode: 'ours', sources: [d.bigFile], bucket, prefix: `big/ours-${r}/` }), cleanup: dropBig('ours') },
    { name: 'aws s3 cp', run: (r) => awsCp(server, d.scratch, d.bigFile, bucket, key('aws', r), false), cleanup: dropBig('aws') },
    { name: 'rclone copyto', run: (r) => rcloneCopy(server, d.scratch, d.bigFile, bucket, key('rclone', r), false), cleanup: dropBig('rclone') },
    { name: 'curl -T (ceiling)', run: (r) => curlPut(server, d.bigFile, bucket, key('curl', r)), cleanup: dropBig('curl') },
  ];
  if (BASELINE_CHILD) {
    const child = BASELINE_CHILD;
    big.push({
      name: 'ours (baseline)',
      run: (r) => ours(server, { mode: 'ours', sources: [d.bigFile], bucket, prefix: `big/base-${r}/` }, child),
      cleanup: dropBig('base'),
    });
  }
  const bigSamples = await contest(big, rounds, log);

  log(`  [${server.kind}] folder of ${d.folderFiles} files, ${rounds} rounds`);
  // Folders are not deleted between runs: 15 × 128 MiB fits, and 2,000 deletes per run would
  // add minutes of server work that overlaps the next contestant.
  const folder: Contestant[] = [
    { name: 'ours', run: (r) => ours(server, { mode: 'ours', sources: [d.folder], bucket, prefix: `folder/ours-${r}/` }) },
    { name: 'aws s3 cp --recursive', run: (r) => awsCp(server, d.scratch, d.folder, bucket, `folder/aws-${r}/`, true) },
    { name: 'rclone copy', run: (r) => rcloneCopy(server, d.scratch, d.folder, bucket, `folder/rclone-${r}/`, true) },
  ];
  if (BASELINE_CHILD) {
    const child = BASELINE_CHILD;
    folder.push({ name: 'ours (baseline)', run: (r) => ours(server, { mode: 'ours', sources: [d.folder], bucket, prefix: `folder/base-${r}/` }, child) });
  }
  const folderSamples = await contest(folder, rounds, log);
  return { big: bigSamples, folder: folderSamples };
}
