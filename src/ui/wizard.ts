import { BACK, type Back, type StepInfo } from './prompter';

/** One question of a multi-step flow; it writes its answer into the shared state. */
export interface WizardStep<S> {
  /** steps that do not apply to the answers so far (e.g. endpoint for AWS) are skipped */
  skip?(state: S): boolean;
  run(state: S, info: Required<Pick<StepInfo, 'step' | 'totalSteps' | 'canGoBack'>> & { title: string }): Promise<'next' | Back | undefined>;
}

/**
 * Runs steps in order with Back support. Back returns to the step actually shown before, so a
 * skipped step is skipped again on the way back. Resolves to the state, or undefined when the
 * user dismissed a step (nothing is written then).
 */
export async function runWizard<S>(title: string, steps: WizardStep<S>[], state: S): Promise<S | undefined> {
  const history: number[] = [];
  let i = 0;
  for (let step = steps[i]; step; step = steps[i]) {
    if (step.skip?.(state)) {
      i++;
      continue;
    }
    // Counting the remaining steps against the current answers keeps "3/5" honest when a
    // choice (the connection kind) adds or removes questions.
    const shownAfter = steps.slice(i + 1).filter((s) => !s.skip?.(state)).length;
    const result = await step.run(state, { title, step: history.length + 1, totalSteps: history.length + 1 + shownAfter, canGoBack: history.length > 0 });
    if (result === undefined) return undefined;
    if (result === BACK) {
      const previous = history.pop();
      if (previous === undefined) return undefined;
      i = previous;
      continue;
    }
    history.push(i);
    i++;
  }
  return state;
}
