import type { MessageKey } from '../../i18n/messages-en.ts';

/** What the first-run checklist is computed from: counts read from the existing list APIs. */
export interface ChecklistFacts {
  agents: number;
  conversations: number;
  credentials: number;
  /** People in the company, the caller included. */
  members: number;
  /** Invitations not yet accepted (0 when the caller may not list them). */
  pendingInvitations: number;
}

/** One step of the checklist: its text, where it is done, and whether it is. */
export interface ChecklistStep {
  id: 'agent' | 'try' | 'credential' | 'invite';
  label: MessageKey;
  hint: MessageKey;
  to: '/agents/new' | '/playground' | '/credentials' | '/members';
  done: boolean;
}

/**
 * The four first steps of a new company, in order, each ticked by what already exists: an agent, a
 * conversation (the playground opens one), a stored credential, and a colleague (joined or invited).
 * `next` is the first step not done, the one the dashboard points at.
 */
export function checklistSteps(facts: ChecklistFacts): {
  steps: ChecklistStep[];
  done: number;
  next: ChecklistStep | null;
} {
  const steps: ChecklistStep[] = [
    {
      id: 'agent',
      label: 'checklist.createAgent',
      hint: 'checklist.createAgentHint',
      to: '/agents/new',
      done: facts.agents > 0,
    },
    {
      id: 'try',
      label: 'checklist.tryAgent',
      hint: 'checklist.tryAgentHint',
      to: '/playground',
      done: facts.conversations > 0,
    },
    {
      id: 'credential',
      label: 'checklist.addCredential',
      hint: 'checklist.addCredentialHint',
      to: '/credentials',
      done: facts.credentials > 0,
    },
    {
      id: 'invite',
      label: 'checklist.invite',
      hint: 'checklist.inviteHint',
      to: '/members',
      done: facts.members > 1 || facts.pendingInvitations > 0,
    },
  ];
  return {
    steps,
    done: steps.filter((step) => step.done).length,
    next: steps.find((step) => !step.done) ?? null,
  };
}
