import type {
  Publication,
  WizardState,
  WizardStepNumber,
  wizardStartSchema,
  wizardStep1Schema,
  wizardStep2Schema,
  wizardStep3Schema,
  wizardStep4Schema,
} from '@renum/contracts';
import type { z } from 'zod';
import { segment, type Transport } from '../transport.ts';

/** The body of each wizard step, as a caller writes it (defaults may be left out). */
export interface WizardStepBodies {
  1: z.input<typeof wizardStep1Schema>;
  2: z.input<typeof wizardStep2Schema>;
  3: z.input<typeof wizardStep3Schema>;
  4: z.input<typeof wizardStep4Schema>;
}

/** The agent creation wizard (seed 003 flow 1): start, four steps, publish. */
export function createWizardApi(transport: Transport) {
  const base = (id: string) => `/v1/agents/wizard/${segment(id)}`;
  return {
    start: (input: z.input<typeof wizardStartSchema> = {}) =>
      transport.json<WizardState>({ method: 'POST', path: '/v1/agents/wizard/start', body: input }),
    get: (id: string, options: { signal?: AbortSignal } = {}) =>
      transport.json<WizardState>({ method: 'GET', path: base(id), ...options }),
    saveStep: <Step extends WizardStepNumber>(id: string, step: Step, body: WizardStepBodies[Step]) =>
      transport.json<WizardState>({ method: 'PUT', path: `${base(id)}/step/${step}`, body }),
    publish: (id: string) => transport.json<Publication>({ method: 'POST', path: `${base(id)}/publish` }),
    publication: (id: string, options: { signal?: AbortSignal } = {}) =>
      transport.json<Publication>({
        method: 'GET',
        path: `/v1/agents/${segment(id)}/publication`,
        ...options,
      }),
  };
}
