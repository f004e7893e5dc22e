import type { plansPageEn } from './plans-page.en.ts';

/** Textos em português da página de planos do painel administrativo (ADR 0055). */
export const plansPagePtBr: Record<keyof typeof plansPageEn, string> = {
  'plans.description':
    'Cada plano define um orçamento mensal e limites para os clientes nele. Toda mudança é uma nova versão, guardada com quem a fez e por quê; os clientes do plano recebem os novos limites na hora.',
  'plans.caption': 'Planos',
  'plans.create': 'Novo plano',
  'plans.edit': 'Editar',
  'plans.editTitle': 'Editar o plano {name}',
  'plans.name': 'Nome',
  'plans.nameHint': 'Letras minúsculas, dígitos, - e _. Não pode ser mudado depois.',
  'plans.descriptionField': 'Descrição',
  'plans.budget': 'Orçamento mensal (USD)',
  'plans.rpm': 'Requisições por minuto',
  'plans.concurrency': 'Execuções simultâneas',
  'plans.noLimitHint': 'Vazio: sem limite.',
  'plans.reason': 'Motivo (fica no log de auditoria)',
  'plans.save': 'Salvar',
  'plans.saved': 'Plano {name} salvo (versão {version}).',
  'plans.clients': 'Clientes',
  'plans.version': 'Versão',
  'plans.status': 'Situação',
  'plans.offered': 'Oferecido',
  'plans.retired': 'Aposentado',
  'plans.retire': 'Aposentar',
  'plans.reinstate': 'Oferecer de novo',
  'plans.retireTitle': 'Aposentar o plano {name}?',
  'plans.retireDescription':
    'Nenhum cliente pode ser colocado num plano aposentado. Só um plano que nenhum cliente usa, e que não é plano padrão, pode ser aposentado.',
  'plans.retiredToast': 'Plano {name} aposentado.',
  'plans.reinstatedToast': 'O plano {name} voltou a ser oferecido.',
  'plans.history': 'Histórico',
  'plans.historyTitle': 'Versões do plano {name}',
  'plans.when': 'Quando',
  'plans.none': 'Sem limite',
  'plans.empty': 'Nenhum plano ainda.',
};
