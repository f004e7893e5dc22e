/** English strings of the runs list (issue 17), spread into `messagesEn`; the run page's are in `run-story.en.ts`. */
export const runsEn = {
  'runs.time': 'Time',
  'runs.message': 'Message',
  'runs.noMessage': 'No message',
  'runs.viaSubAgent': 'via {name}',
  'runs.state.suspended': 'waiting for approval',
  'runs.state.retrying': 'retrying',
  'schedules.result': 'Result',
  'runs.schedule': 'Schedule',
  'runs.scheduled': 'Scheduled: {name}',
} as const;
