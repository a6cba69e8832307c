export interface S3TestServer {
  kind: 'ceph' | 's3rver';
  endpoint: string; // http://127.0.0.1:PORT
  region: string; // 'us-east-1'
  accessKeyId: string;
  secretAccessKey: string;
  checksSignatures: boolean; // true for ceph only
  stop(): Promise<void>;
  /** Ceph only: SIGKILL the gateway daemon alone, as a crash would; the data stays in the OSD. */
  killGateway?(): Promise<void>;
  /** Ceph only: start the killed gateway again on the same port and wait until it answers. */
  startGateway?(): Promise<void>;
}
