import type { ExecutorKind } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../lib/web-api.tsx';

/** One model the platform can call, as `GET /v1/models` lists it. */
export interface ModelOption {
  id: string;
  provider: string;
  model: string;
  label: string;
  offline: boolean;
}

/** The models and executors for the agent editor's pickers (rarely change: cached for the session). */
export function useModels() {
  const client = useApi();
  return useQuery({
    queryKey: ['models'],
    queryFn: ({ signal }) =>
      client.transport.json<{ data: ModelOption[]; default_model: string; executors?: ExecutorKind[] }>({
        method: 'GET',
        path: '/v1/models',
        signal,
      }),
    staleTime: 5 * 60_000,
  });
}

/** The tools an agent can enable. */
export function useTools() {
  const client = useApi();
  return useQuery({
    queryKey: ['tools'],
    queryFn: ({ signal }) => client.tools.list({ signal }),
    staleTime: 5 * 60_000,
  });
}
