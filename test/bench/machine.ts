// What the figures were measured on, for bench/results.json.
import * as os from 'os';
import { readFileSync } from 'fs';
import { join } from 'path';
import { versionOf } from './proc';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memGiB: number;
  loadavgAtStart: number[];
  node: string;
  kernel: string;
  os: string;
  tools: Record<string, string>;
}

function osRelease(): string {
  try {
    return /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.type();
  } catch {
    return os.type();
  }
}

function packageVersion(name: string): string {
  try {
    const file = join(__dirname, '..', '..', '..', 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

export async function machineInfo(): Promise<MachineInfo> {
  const [aws, rclone, curl, radosgw] = await Promise.all([
    versionOf('aws'),
    versionOf('rclone', ['version']),
    versionOf('curl'),
    versionOf('radosgw', ['--version']),
  ]);
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadavgAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    kernel: os.release(),
    os: osRelease(),
    tools: {
      'aws-cli': aws,
      rclone,
      curl,
      'ceph radosgw': radosgw,
      s3rver: packageVersion('s3rver'),
      '@aws-sdk/client-s3': packageVersion('@aws-sdk/client-s3'),
      '@aws-sdk/lib-storage': packageVersion('@aws-sdk/lib-storage'),
    },
  };
}
