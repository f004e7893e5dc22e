import type { CreatePlan, Plan, PlanStatusChange, PlanVersion, UpdatePlan } from '@renum/contracts';
import { segment, type Transport } from '../transport.ts';
import type { List } from './page.ts';

type Signal = { signal?: AbortSignal };

/** The plans editor (platform admins only, ADR 0055): each change is the plan's next version. */
export function createPlansApi(transport: Transport) {
  const plan = (name: string) => `/v1/admin/plans/${segment(name)}`;
  return {
    /** Every plan, retired ones included, with its version and the clients on it. */
    list: (options: Signal = {}) =>
      transport.json<List<Plan>>({ method: 'GET', path: '/v1/admin/plans', ...options }),
    create: (input: CreatePlan) =>
      transport.json<Plan>({ method: 'POST', path: '/v1/admin/plans', body: input }),
    /** `base_version` is the version edited (`409 CONFLICT` if another change landed). */
    update: (name: string, input: UpdatePlan) =>
      transport.json<Plan>({ method: 'PUT', path: plan(name), body: input }),
    /** `409 PLAN_IN_USE` while a client is on it or it is a default plan. */
    retire: (name: string, input: PlanStatusChange) =>
      transport.json<Plan>({ method: 'POST', path: `${plan(name)}/retire`, body: input }),
    reinstate: (name: string, input: PlanStatusChange) =>
      transport.json<Plan>({ method: 'POST', path: `${plan(name)}/reinstate`, body: input }),
    versions: (name: string, options: Signal = {}) =>
      transport.json<List<PlanVersion>>({ method: 'GET', path: `${plan(name)}/versions`, ...options }),
  };
}
