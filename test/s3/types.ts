export interface S3TestServer {
  kind: 'ceph' | 's3rver';
  endpoint: string; // http://127.0.0.1:PORT
  region: string; // 'us-east-1'
  accessKeyId: string;
  secretAccessKey: string;
  checksSignatures: boolean; // true for ceph only
  stop(): Promise<void>;
}
