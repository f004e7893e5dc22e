import type { WizardState, WizardStepNumber } from '@renum/contracts';
import type { WizardStepBodies } from '@renum/sdk';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useApi } from '../../lib/web-api.tsx';

/** Where the last save of the wizard stands, for the "Saved" indicator. */
export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error';

/** A wizard's state (its draft agent and saved steps) and a save that keeps the cached state fresh. */
export function useWizard(agentId: string) {
  const client = useApi();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SaveStatus>('idle');
  const state = useQuery({
    queryKey: ['wizard', agentId],
    queryFn: ({ signal }) => client.wizard.get(agentId, { signal }),
  });
  const save = useCallback(
    async <Step extends WizardStepNumber>(step: Step, body: WizardStepBodies[Step]): Promise<WizardState> => {
      setStatus('saving');
      try {
        const next = await client.wizard.saveStep(agentId, step, body);
        queryClient.setQueryData(['wizard', agentId], next);
        queryClient.setQueryData(['agents', agentId], next.agent);
        setStatus('saved');
        return next;
      } catch (error) {
        setStatus('error');
        throw error;
      }
    },
    [agentId, client, queryClient],
  );
  return { state, save, status };
}
