// Presign rate and 1 MB validation, each round in a fresh process (the first validation
// compiles the schema; that cost is reported apart from a warm call).
import { join } from 'path';
import { run } from './proc';
import { median } from './stats';
import type { MicroReport } from './microChild';

export interface MicroFigures {
  runs: MicroReport[];
  presignGetPerSecond: number;
  presignPutPerSecond: number;
  validate?: { bytes: number; statements: number; diagnostics: number; firstMs: number; warmMs: number } | undefined;
  validateError?: string | undefined;
}

export async function microFigures(rounds: number, log: (l: string) => void): Promise<MicroFigures> {
  const runs: MicroReport[] = [];
  for (let i = 0; i < rounds; i++) {
    const r = await run(process.execPath, [join(__dirname, 'microChild.js')]);
    const rep = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as MicroReport;
    runs.push(rep);
    const v = rep.validate
      ? `validate first ${rep.validate.firstMs.toFixed(0)} ms, warm ${rep.validate.warmMs.toFixed(0)} ms`
      : `validate: ${rep.validateError}`;
    log(`  micro ${i + 1}/${rounds}: presign GET ${rep.presignGetPerSecond.toFixed(0)}/s, PUT ${rep.presignPutPerSecond.toFixed(0)}/s, ${v}`);
  }
  const withValidate = runs.filter((r) => r.validate);
  const first = withValidate[0]?.validate;
  return {
    runs,
    presignGetPerSecond: median(runs.map((r) => r.presignGetPerSecond)),
    presignPutPerSecond: median(runs.map((r) => r.presignPutPerSecond)),
    validate: first && {
      ...first,
      firstMs: median(withValidate.map((r) => r.validate!.firstMs)),
      warmMs: median(withValidate.map((r) => r.validate!.warmMs)),
    },
    validateError: runs.find((r) => r.validateError)?.validateError,
  };
}
