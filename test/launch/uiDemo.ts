// The demo workspace of `npm start`, made for the UI tier against a test s3rver: the same
// media set (scripts/demo-media.mjs) and the same kind of registry, with the keys in an AWS
// profile file rather than in the workspace.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { S3TestServer } from '../s3/servers';
import { REPO_ROOT } from './codeServer';

export interface DemoWorkspace {
  folder: string;
  env: Record<string, string>;
  remove(): Promise<void>;
}

interface DemoMediaModule {
  seedDemo(opts: { endpoint: string; accessKeyId: string; secretAccessKey: string; region?: string }): Promise<void>;
}

// TypeScript compiles import() to require() under CommonJS, which cannot load an .mjs file; the
// string is a constant, so nothing outside this file is evaluated.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;

export async function prepareDemoWorkspace(s3: S3TestServer): Promise<DemoWorkspace> {
  const media = (await importEsm(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'demo-media.mjs')).href)) as DemoMediaModule;
  await media.seedDemo({ endpoint: s3.endpoint, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: s3.region });

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-ui-demo-'));
  const folder = path.join(root, 'workspace');
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, 'demo', 'workspace'), folder, { recursive: true });
  fs.writeFileSync(
    path.join(folder, '.vscode', 'media-storage.json'),
    JSON.stringify(
      {
        connections: [
          {
            id: 'demo',
            label: 'Demo S3 (s3rver)',
            kind: 's3-compatible',
            region: s3.region,
            endpoint: s3.endpoint,
            forcePathStyle: true,
            profile: 'media-storage-demo',
          },
        ],
        inputs: [{ name: 'demo-input', connection: 'demo', bucket: 'demo-input', prefix: 'sources/' }],
        outputs: [{ name: 'demo-output', connection: 'demo', bucket: 'demo-output' }],
      },
      null,
      2,
    ),
  );
  const credentials = path.join(root, 'credentials');
  const config = path.join(root, 'config');
  fs.writeFileSync(credentials, `[media-storage-demo]\naws_access_key_id = ${s3.accessKeyId}\naws_secret_access_key = ${s3.secretAccessKey}\n`);
  fs.writeFileSync(config, `[profile media-storage-demo]\nregion = ${s3.region}\n`);
  return {
    folder,
    env: { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: config },
    remove: async () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
