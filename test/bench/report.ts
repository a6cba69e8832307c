import type { ActivationFigures } from './activation';
import type { ListingFigures } from './listing';
import type { MachineInfo } from './machine';
import type { MicroFigures } from './micro';
import type { TuneTable } from './tune';
import type { UploadFigures } from './uploads';

export interface ServerResults {
  version: string;
  endpoint: string;
  uploads?: UploadFigures;
  listing?: ListingFigures;
}

export interface Results {
  startedAt: string;
  quick: boolean;
  rounds: number;
  machine: MachineInfo;
  data: { bigBytes: number; folderFiles: number; folderFileBytes: number };
  servers: Partial<Record<'ceph' | 's3rver', ServerResults>>;
  tune?: Partial<Record<'ceph' | 's3rver', TuneTable[]>>;
  micro?: MicroFigures;
  activation?: ActivationFigures;
  elapsedSeconds?: number;
}

export function report(r: Results): string {
  return JSON.stringify(r.servers, null, 1);
}
