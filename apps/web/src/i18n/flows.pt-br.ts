import type { flowsEn } from './flows.en.ts';

/** Brazilian Portuguese strings of approvals and schedules (issue 15), spread into `messagesPtBr`. */
export const flowsPtBr: Record<keyof typeof flowsEn, string> = {
  'runs.state.suspended': 'aguardando aprovação',
};
