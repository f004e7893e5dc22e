/** English strings of approvals and schedules (issue 15), spread into `messagesEn`. */
export const flowsEn = {
  'runs.state.suspended': 'waiting for approval',
} as const;
