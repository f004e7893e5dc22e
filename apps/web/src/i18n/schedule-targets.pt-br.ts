import type { scheduleTargetsEn } from './schedule-targets.en.ts';

/** Brazilian Portuguese strings of schedule targets: the schedules pages' own catalogue (see `schedule-targets.en.ts`). */
export const scheduleTargetsPtBr: Record<keyof typeof scheduleTargetsEn, string> = {
  'schedules.targetKind': 'O que roda',
  'schedules.targetAgent': 'Um agente',
  'schedules.targetTeam': 'Uma equipe',
  'schedules.targetBuiltin': 'Uma tarefa pronta',
  'schedules.team': 'Equipe',
  'schedules.teamPrompt': 'Prompt inicial da equipe',
  'schedules.job': 'Tarefa',
  'schedules.job.daily_report': 'Relatório diário',
  'schedules.job.budget_check': 'Verificação de orçamento (80% e 100%)',
  'schedules.job.cleanup': 'Limpeza de dados expirados',
  'schedules.seeded.budget_check': 'Verificação de orçamento',
  'schedules.seeded.cleanup': 'Limpeza',
  'schedules.jobHint.daily_report':
    'As conversas, execuções, custo e erros do dia, resumidos e enviados às suas notificações.',
  'schedules.jobHint.budget_check': 'Avisa uma vez por mês em 80% e em 100% do seu orçamento mensal.',
  'schedules.jobHint.cleanup':
    'Apaga eventos de execuções, notificações lidas e convites vencidos após a retenção.',
  'schedules.reportAgent': 'Agente que escreve o resumo',
  'schedules.reportAgentNone': 'Nenhum: um resumo simples',
  'schedules.retentionDays': 'Dias de retenção',
  'schedules.target': 'Executa',
  'schedules.execution': 'Execução da equipe',
  'schedules.resultReport': 'Relatório nas notificações',
  'schedules.resultAlerts': '{count} novos avisos',
  'schedules.resultCleanup': '{count} linhas limpas',
};
