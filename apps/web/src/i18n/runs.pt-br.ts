import type { runsEn } from './runs.en.ts';

/** Textos em português da lista de execuções (issue 17). */
export const runsPtBr: Record<keyof typeof runsEn, string> = {
  'runs.time': 'Horário',
  'runs.message': 'Mensagem',
  'runs.noMessage': 'Sem mensagem',
  'runs.viaSubAgent': 'via {name}',
  'runs.state.suspended': 'aguardando aprovação',
  'runs.state.retrying': 'tentando de novo',
  'schedules.result': 'Resultado',
  'runs.schedule': 'Agendamento',
  'runs.scheduled': 'Agendada: {name}',
};
