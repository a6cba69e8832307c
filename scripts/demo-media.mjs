// A small demo media set made on the fly (no downloads): sources in demo-input, an HLS and a
// DASH rendition set in demo-output. The bytes are placeholders with the right names, types
// and structure; what matters for the extension is keys, sizes and content types.
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const variants = [
  { name: '720p', bandwidth: 2800000, resolution: '1280x720' },
  { name: '360p', bandwidth: 800000, resolution: '640x360' },
];

function hls() {
  const files = [];
  const master = ['#EXTM3U', '#EXT-X-VERSION:6'];
  for (const v of variants) {
    master.push(`#EXT-X-STREAM-INF:BANDWIDTH=${v.bandwidth},RESOLUTION=${v.resolution},CODECS="avc1.64001f,mp4a.40.2"`, `${v.name}/index.m3u8`);
    const playlist = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-TARGETDURATION:4', '#EXT-X-PLAYLIST-TYPE:VOD'];
    for (let i = 0; i < 3; i++) {
      playlist.push('#EXTINF:4.000,', `segment_${i}.ts`);
      // 188-byte MPEG-TS packets starting with the 0x47 sync byte.
      const seg = Buffer.alloc(188 * (8 + i * 4));
      for (let p = 0; p < seg.length; p += 188) seg[p] = 0x47;
      files.push({ key: `big-buck-bunny/hls/${v.name}/segment_${i}.ts`, body: seg, contentType: 'video/mp2t' });
    }
    playlist.push('#EXT-X-ENDLIST');
    files.push({ key: `big-buck-bunny/hls/${v.name}/index.m3u8`, body: playlist.join('\n') + '\n', contentType: 'application/vnd.apple.mpegurl' });
  }
  files.push({ key: 'big-buck-bunny/hls/master.m3u8', body: master.join('\n') + '\n', contentType: 'application/vnd.apple.mpegurl' });
  files.push({ key: 'big-buck-bunny/hls/subtitles/en.vtt', body: 'WEBVTT\n\n00:00.000 --> 00:04.000\nBig Buck Bunny\n', contentType: 'text/vtt' });
  return files;
}

function dash() {
  const mpd = `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT12S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
  <Period>
    <AdaptationSet mimeType="video/mp4" segmentAlignment="true">
      <SegmentTemplate initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/seg_$Number$.m4s" duration="4" startNumber="1"/>
${variants.map((v) => `      <Representation id="${v.name}" bandwidth="${v.bandwidth}" width="${v.resolution.split('x')[0]}" height="${v.resolution.split('x')[1]}" codecs="avc1.64001f"/>`).join('\n')}
    </AdaptationSet>
  </Period>
</MPD>
`;
  const files = [{ key: 'big-buck-bunny/dash/manifest.mpd', body: mpd, contentType: 'application/dash+xml' }];
  for (const v of variants) {
    files.push({ key: `big-buck-bunny/dash/${v.name}/init.mp4`, body: ftyp(), contentType: 'video/mp4' });
    for (let i = 1; i <= 3; i++) {
      files.push({ key: `big-buck-bunny/dash/${v.name}/seg_${i}.m4s`, body: Buffer.alloc(1024 * i, 0x11), contentType: 'video/iso.segment' });
    }
  }
  return files;
}

/** An ISO BMFF `ftyp` box followed by padding, so that tools sniffing the type see an MP4. */
function ftyp(size = 4096) {
  const b = Buffer.alloc(size);
  b.writeUInt32BE(24, 0);
  b.write('ftypisom', 4, 'ascii');
  b.writeUInt32BE(0x200, 12);
  b.write('isomiso2', 16, 'ascii');
  return b;
}

export function demoObjects() {
  return {
    'demo-input': [
      { key: 'sources/big-buck-bunny.mp4', body: ftyp(256 * 1024), contentType: 'video/mp4' },
      { key: 'sources/sintel-trailer.mp4', body: ftyp(128 * 1024), contentType: 'video/mp4' },
      { key: 'sources/audio/commentary.m4a', body: ftyp(32 * 1024), contentType: 'audio/mp4' },
      { key: 'sources/poster.jpg', body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]), contentType: 'image/jpeg' },
    ],
    // s3rver lists a folder at a level only if the folder holds an object directly (it prunes
    // deeper directories when a delimiter is given), so each level carries one.
    'demo-output': [
      ...hls(),
      ...dash(),
      {
        key: 'big-buck-bunny/encoding.json',
        body: JSON.stringify({ source: 's3://demo-input/sources/big-buck-bunny.mp4', renditions: variants, formats: ['hls', 'dash'] }, null, 2),
        contentType: 'application/json',
      },
    ],
  };
}

/** More objects than one listing page (1,000 keys) holds, so that the tree shows Load More. */
export const BULK_FOLDER = { bucket: 'demo-output', prefix: 'big-buck-bunny/thumbnails/', count: 1500 };

function bulkObjects() {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);
  return Array.from({ length: BULK_FOLDER.count }, (_, i) => ({
    key: `${BULK_FOLDER.prefix}thumb_${String(i + 1).padStart(5, '0')}.jpg`,
    body: jpeg,
    contentType: 'image/jpeg',
  }));
}

async function existingKeys(client, bucket) {
  const keys = new Set();
  let ContinuationToken;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken }));
    for (const o of page.Contents ?? []) if (o.Key) keys.add(o.Key);
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return keys;
}

/**
 * Creates the demo buckets and writes the demo objects that are not there yet, so that a later
 * run keeps the user's edits of them and only puts back what is missing. `bulk` adds the
 * 1,500-object folder. Returns how many objects were written.
 */
export async function seedDemo({ endpoint, accessKeyId, secretAccessKey, region = 'us-east-1', bulk = false, concurrency = 32 }) {
  // Checksums only when an operation needs them: Ceph's gateway refuses some of the SDK's defaults.
  const client = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const all = demoObjects();
  if (bulk) all[BULK_FOLDER.bucket].push(...bulkObjects());
  let written = 0;
  try {
    for (const [bucket, objects] of Object.entries(all)) {
      try {
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
      } catch (err) {
        if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(err?.name)) throw err;
      }
      // A listing that fails (s3rver's second page in a process without the legacy OpenSSL
      // provider) only costs rewriting what is there.
      const have = await existingKeys(client, bucket).catch(() => new Set());
      const queue = objects.filter((o) => !have.has(o.key));
      written += queue.length;
      // A few dozen PUTs in flight: 1,500 one at a time took seconds on the gateway.
      await Promise.all(
        Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
          for (let o = queue.shift(); o; o = queue.shift()) {
            await client.send(new PutObjectCommand({ Bucket: bucket, Key: o.key, Body: o.body, ContentType: o.contentType }));
          }
        }),
      );
    }
  } finally {
    client.destroy();
  }
  return written;
}
