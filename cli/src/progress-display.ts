import { STAGES, type Stage } from '@sluice/contracts';
import { MultiBar, Presets } from 'cli-progress';

export type StagePages = Record<Stage, number>;

export interface ProgressDisplay {
  /** Pages done per stage, out of `total` (null while the source has not said how many). */
  update: (done: StagePages, total: number | null, note: string) => void;
  stop: () => void;
}

const PAST_TENSE: Record<Stage, string> = { extract: 'extracted', transform: 'transformed', load: 'loaded' };

/** Bars on a terminal; elsewhere (CI, a pipe) a plain line whenever the counts change, at most every 2 s. */
export const createProgressDisplay = (stream: NodeJS.WriteStream = process.stderr): ProgressDisplay =>
  stream.isTTY ? barDisplay(stream) : lineDisplay(stream);

const barDisplay = (stream: NodeJS.WriteStream): ProgressDisplay => {
  const multibar = new MultiBar(
    {
      stream,
      format: ' {stage} |{bar}| {value}/{total} pages  {note}',
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  const bars = Object.fromEntries(
    STAGES.map((stage) => [stage, multibar.create(1, 0, { stage: PAST_TENSE[stage].padEnd(11), note: '' })]),
  ) as Record<Stage, ReturnType<MultiBar['create']>>;
  return {
    update: (done, total, note) => {
      for (const stage of STAGES) {
        bars[stage].setTotal(Math.max(total ?? 0, done[stage], 1));
        bars[stage].update(done[stage], { note: stage === 'load' ? note : '' });
      }
    },
    stop: () => multibar.stop(),
  };
};

const lineDisplay = (stream: NodeJS.WriteStream): ProgressDisplay => {
  let printed = '';
  let latest = '';
  let printedAt = 0;
  const print = () => {
    if (latest === printed) return;
    printed = latest;
    printedAt = Date.now();
    stream.write(`${latest}\n`);
  };
  return {
    update: (done, total, note) => {
      const of = total === null ? '?' : String(total);
      latest = `${STAGES.map((stage) => `${PAST_TENSE[stage]} ${done[stage]}/${of}`).join(' · ')} pages  ${note}`;
      if (Date.now() - printedAt >= 2_000) print();
    },
    // The final counts are always shown, however soon after the last line they came.
    stop: print,
  };
};
