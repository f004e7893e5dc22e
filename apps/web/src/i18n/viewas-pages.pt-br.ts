import type { viewAsPagesEn } from './viewas-pages.en.ts';

/** Textos em português do diálogo "ver como", dos acessos de suporte e dos agentes globais (ADR 0040). */
export const viewAsPagesPtBr: Record<keyof typeof viewAsPagesEn, string> = {
  'viewAs.title': 'Ver {name} como a equipe dele',
  'viewAs.description':
    'Só para suporte: uma sessão somente leitura de 30 minutos. O dono do cliente a vê no registro dele, com o seu motivo.',
  'viewAs.reason': 'Motivo',
  'viewAs.start': 'Iniciar visualização somente leitura',
  'viewAs.ended': 'A visualização somente leitura terminou.',
  'viewAs.access.title': 'Acessos de suporte',
  'viewAs.access.description':
    'Administradores da plataforma que viram sua conta (somente leitura), por quê e até quando.',
  'viewAs.access.entry': 'O administrador da plataforma {admin} viu sua conta até {until}. Motivo: {reason}',
  'viewAs.access.ended': 'O administrador da plataforma {admin} encerrou a visualização às {when}.',
  'viewAs.access.none': 'Nenhum administrador da plataforma viu sua conta.',
  'globalAgents.adminDescription':
    'Agentes oferecidos a todos os clientes. Os clientes copiam um para os próprios agentes; aposentar deixa de oferecê-lo.',
  'globalAgents.create': 'Novo agente global',
  'globalAgents.edit': 'Editar',
  'globalAgents.editTitle': 'Editar {name}',
  'globalAgents.name': 'Nome',
  'globalAgents.category': 'Categoria',
  'globalAgents.descriptionField': 'Descrição',
  'globalAgents.model': 'Modelo',
  'globalAgents.prompt': 'Prompt de sistema',
  'globalAgents.save': 'Salvar',
  'globalAgents.saved': 'Agente global salvo.',
  'globalAgents.retire': 'Aposentar',
  'globalAgents.offerAgain': 'Oferecer de novo',
  'globalAgents.retired': 'Aposentado',
  'globalAgents.offered': 'Oferecido',
  'globalAgents.showRetired': 'Mostrar aposentados',
  'globalAgents.empty': 'Nenhum agente global ainda.',
  'globalAgents.caption': 'Agentes globais',
  'globalAgents.status': 'Situação',
  'globalAgents.clientDescription': 'Agentes prontos. Copie um para os seus agentes para usá-lo e editá-lo.',
  'globalAgents.copy': 'Copiar para meus agentes',
  'globalAgents.copyPrompt': 'Copiar prompt para meus modelos',
  'globalAgents.copied': 'Copiado para os seus agentes: {name}',
  'globalAgents.promptCopied': 'Prompt copiado para os seus modelos: {name}',
};
