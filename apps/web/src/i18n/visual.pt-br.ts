import type { visualEn } from './visual.en.ts';

/** Brazilian Portuguese strings of issue 17's visual step, spread into `messagesPtBr`. */
export const visualPtBr: Record<keyof typeof visualEn, string> = {
  'palette.open': 'Buscar',
  'palette.title': 'Ir para',
  'palette.placeholder': 'Buscar páginas, agentes e conversas…',
  'palette.empty': 'Nada encontrado.',
  'palette.pages': 'Páginas',
  'palette.agents': 'Agentes',
  'palette.conversations': 'Conversas',
  'palette.newAgent': 'Novo agente',
  'palette.untitled': 'Conversa sem título',
  'palette.loading': 'Carregando agentes e conversas…',
};
