import type { viewAsEn } from './viewas.en.ts';

/** Brazilian Portuguese strings of "ver como", agentes globais e acessos de suporte (ADR 0040). */
export const viewAsPtBr: Record<keyof typeof viewAsEn, string> = {
  'error.VIEW_AS_READ_ONLY':
    'Esta é uma visualização somente leitura: nada pode ser alterado enquanto você vê como cliente.',
  'error.GLOBAL_AGENT_NOT_FOUND': 'Este agente global não é mais oferecido.',
  'globalAgents.nav': 'Agentes globais',
  'viewAs.button': 'Ver como cliente',
  'viewAs.banner': 'Vendo como {name} (somente leitura) — termina às {time}',
  'viewAs.exit': 'Encerrar',
  'globalAgents.clientTitle': 'Agentes oferecidos pela plataforma',
};
