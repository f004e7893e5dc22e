import {
  type WizardLanguage,
  type WizardState,
  type WizardStep1,
  type WizardStep2,
  type WizardStep3,
  type WizardStep4,
  type WizardStepNumber,
  wizardLanguageSchema,
  wizardStepNumbers,
  wizardStepSchemas,
} from '@renum/contracts';
import type { agents } from '@renum/db';
import { agentToWire } from '../agents/agent-tools.ts';

type AgentRow = typeof agents.$inferSelect;

/** The config key that holds step `step`'s saved data (seed 003: `config.step_N_data`). */
export function stepKey(step: WizardStepNumber): `step_${WizardStepNumber}_data` {
  return `step_${step}_data`;
}

/** The steps a draft needs before it can be published; step 3 (custom fields) may stay empty. */
export const requiredSteps: readonly WizardStepNumber[] = [1, 2, 4];

/** The saved data of each step of an agent's wizard, re-parsed (absent when not saved or unreadable). */
export interface WizardSteps {
  1?: WizardStep1;
  2?: WizardStep2;
  3?: WizardStep3;
  4?: WizardStep4;
}

/** Reads the wizard's steps from an agent's config. */
export function readWizardSteps(config: Readonly<Record<string, unknown>>): WizardSteps {
  const steps: WizardSteps = {};
  for (const step of wizardStepNumbers) {
    const parsed = wizardStepSchemas[step].safeParse(config[stepKey(step)]);
    if (parsed.success) Object.assign(steps, { [step]: parsed.data });
  }
  return steps;
}

/** The language the wizard writes the prompt in: step 2's, else the one given at start, else English. */
export function wizardLanguage(
  config: Readonly<Record<string, unknown>>,
  steps: WizardSteps,
): WizardLanguage {
  if (steps[2]?.language) return steps[2].language;
  const parsed = wizardLanguageSchema.safeParse(config.wizard_language);
  return parsed.success ? parsed.data : 'en';
}

/** The answer of the wizard routes for an agent row. */
export function wizardStateOf(row: AgentRow): WizardState {
  const steps = readWizardSteps(row.config);
  const completed = wizardStepNumbers.filter((step) => steps[step] !== undefined);
  return {
    wizard_id: row.id,
    agent: agentToWire(row),
    completed_steps: completed,
    missing_steps: requiredSteps.filter((step) => steps[step] === undefined),
  };
}
