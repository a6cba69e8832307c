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
  const result = await runSteps(title, steps, state, false);
  return result === BACK ? undefined : result;
}

/**
 * runWizard for a flow that has a question before its first step (Edit's "which field"): with
 * `backFromFirst`, the first step shows Back and pressing it resolves to BACK.
 */
export async function runSteps<S>(title: string, steps: WizardStep<S>[], state: S, backFromFirst: boolean): Promise<S | Back | undefined> {
  const history: number[] = [];
  let i = 0;
  for (let step = steps[i]; step; step = steps[i]) {
    if (step.skip?.(state)) {
      i++;
      continue;
    }
    // Counting the remaining steps against the current answers keeps "3/5" honest; flows keep
    // it from jumping by asking a choice's extra questions inside one step (see group).
    const shownAfter = steps.slice(i + 1).filter((s) => !s.skip?.(state)).length;
    const result = await step.run(state, {
      title,
      step: history.length + 1,
      totalSteps: history.length + 1 + shownAfter,
      canGoBack: history.length > 0 || backFromFirst,
    });
    if (result === undefined) return undefined;
    if (result === BACK) {
      const previous = history.pop();
      if (previous === undefined) return backFromFirst ? BACK : undefined;
      i = previous;
      continue;
    }
    history.push(i);
    i++;
  }
  return state;
}

/**
 * Several questions shown as one step (the same "3/6"): the counter then stays the same whatever
 * is answered, because a choice adds or removes questions inside a step, never steps. Back inside
 * the group returns to its previous question; Back from its first question leaves the step.
 */
export function group<S>(parts: WizardStep<S>[]): WizardStep<S> {
  return {
    skip: (state) => parts.every((p) => p.skip?.(state) === true),
    run: async (state, info) => {
      const history: number[] = [];
      let i = 0;
      for (let part = parts[i]; part; part = parts[i]) {
        if (part.skip?.(state)) {
          i++;
          continue;
        }
        const result = await part.run(state, { ...info, canGoBack: info.canGoBack || history.length > 0 });
        if (result === undefined) return undefined;
        if (result === BACK) {
          const previous = history.pop();
          if (previous === undefined) return BACK;
          i = previous;
          continue;
        }
        history.push(i);
        i++;
      }
      return 'next';
    },
  };
}
