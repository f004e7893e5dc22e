import type { playgroundEn } from './playground.en.ts';

/** Textos em português da lista de conversas do playground (issue 17), espalhados em `messagesPtBr`. */
export const playgroundPtBr: Record<keyof typeof playgroundEn, string> = {
  'playground.rename': 'Renomear',
  'playground.renameLabel': 'Renomear “{title}”',
  'playground.renameTitle': 'Renomear conversa',
  'playground.titleField': 'Título',
  'playground.save': 'Salvar',
  'playground.delete': 'Excluir',
  'playground.deleteLabel': 'Excluir “{title}”',
  'playground.deleteTitle': 'Excluir esta conversa?',
  'playground.deleteDescription':
    'As mensagens e execuções dela são excluídas de vez. O uso já contado continua na cobrança.',
  'playground.copy': 'Copiar',
  'playground.copied': 'Copiado',
};
