import type {
  ApprovalDecision,
  ApprovalPolicy,
  ApprovalRequest,
  CreateApprovalPolicy,
  CreateSchedule,
  ListApprovalsQuery,
  ListSchedulesQuery,
  Schedule,
  ScheduleExecution,
  SchedulePreview,
  SchedulePreviewInput,
  UpdateSchedule,
} from '@renum/contracts';
import { segment, type Transport } from '../transport.ts';
import type { List, Page } from './page.ts';

/** The approvals inbox (issue 15): pending and decided requests, and the decision. */
export function createApprovalsApi(transport: Transport) {
  return {
    list: (query: Partial<ListApprovalsQuery> = {}, options: { signal?: AbortSignal } = {}) =>
      transport.json<Page<ApprovalRequest>>({ method: 'GET', path: '/v1/approvals', query, ...options }),
    get: (id: string) =>
      transport.json<ApprovalRequest>({ method: 'GET', path: `/v1/approvals/${segment(id)}` }),
    /** Approves (optionally with edited arguments) or rejects; `APPROVAL_ALREADY_DECIDED` when someone was first. */
    decide: (id: string, body: ApprovalDecision) =>
      transport.json<ApprovalRequest>({
        method: 'POST',
        path: `/v1/approvals/${segment(id)}/decision`,
        body,
      }),
  };
}

/** Approval policies per tool, for one agent or the whole client. */
export function createApprovalPoliciesApi(transport: Transport) {
  return {
    list: (query: { agent_id?: string } = {}, options: { signal?: AbortSignal } = {}) =>
      transport.json<List<ApprovalPolicy>>({
        method: 'GET',
        path: '/v1/approval-policies',
        query,
        ...options,
      }),
    set: (body: CreateApprovalPolicy) =>
      transport.json<ApprovalPolicy>({ method: 'POST', path: '/v1/approval-policies', body }),
    delete: (id: string) =>
      transport.json<void>({ method: 'DELETE', path: `/v1/approval-policies/${segment(id)}` }),
  };
}

/** Scheduled agent runs (issue 15). */
export function createSchedulesApi(transport: Transport) {
  const at = (id: string, action = '') => `/v1/schedules/${segment(id)}${action}`;
  return {
    list: (query: Partial<ListSchedulesQuery> = {}, options: { signal?: AbortSignal } = {}) =>
      transport.json<Page<Schedule>>({ method: 'GET', path: '/v1/schedules', query, ...options }),
    get: (id: string) => transport.json<Schedule>({ method: 'GET', path: at(id) }),
    create: (body: CreateSchedule) =>
      transport.json<Schedule>({ method: 'POST', path: '/v1/schedules', body }),
    update: (id: string, body: UpdateSchedule) =>
      transport.json<Schedule>({ method: 'PATCH', path: at(id), body }),
    pause: (id: string) => transport.json<Schedule>({ method: 'POST', path: at(id, '/pause') }),
    resume: (id: string) => transport.json<Schedule>({ method: 'POST', path: at(id, '/resume') }),
    runNow: (id: string) =>
      transport.json<{ schedule_id: string; tick_at: string }>({ method: 'POST', path: at(id, '/run') }),
    /** The next five fire times of a timing being edited. */
    preview: (body: SchedulePreviewInput) =>
      transport.json<SchedulePreview>({ method: 'POST', path: '/v1/schedules/preview', body }),
    executions: (
      id: string,
      query: { cursor?: string; limit?: number } = {},
      options: { signal?: AbortSignal } = {},
    ) =>
      transport.json<Page<ScheduleExecution>>({
        method: 'GET',
        path: at(id, '/executions'),
        query,
        ...options,
      }),
    delete: (id: string) => transport.json<void>({ method: 'DELETE', path: at(id) }),
  };
}
