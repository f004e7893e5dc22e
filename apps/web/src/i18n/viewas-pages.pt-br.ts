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
  // Registro de prompts, a outra ferramenta de suporte que o dono do cliente vê (ADR 0067).
  'promptLogging.title': 'Registro de prompts',
  'promptLogging.description':
    'Enquanto ligado, o worker registra nos logs os prompts e respostas deste cliente (com segredos mascarados) para depuração. Prompts contêm dados pessoais: ele se desliga sozinho quando o tempo acaba, e o dono do cliente vê quem ligou, por quê e até quando.',
  'promptLogging.off': 'Desligado',
  'promptLogging.onUntil': 'Ligado até {time}',
  'promptLogging.turnOn': 'Ligar',
  'promptLogging.newEnd': 'Definir novo fim',
  'promptLogging.turnOff': 'Desligar',
  'promptLogging.dialogTitle': 'Registrar os prompts de {name}',
  'promptLogging.dialogDescription':
    'Somente para depuração. O registro para sozinho depois dos minutos informados (no máximo 24 horas).',
  'promptLogging.minutes': 'Minutos (1 a 1440)',
  'promptLogging.reason': 'Motivo (mostrado ao dono do cliente)',
  'promptLogging.turnedOn': 'O registro de prompts está ligado até {time}.',
  'promptLogging.turnedOff': 'O registro de prompts está desligado.',
  'promptLogging.client.title': 'Registro de prompts para suporte',
  'promptLogging.client.off':
    'Desligado: os prompts e respostas das suas conversas não são gravados nos logs da plataforma.',
  'promptLogging.client.on':
    'Ligado até {time}: um administrador da plataforma ligou para depuração, então os prompts e respostas das suas conversas são gravados nos logs da plataforma (com segredos mascarados) até lá.',
  'promptLogging.client.entryOn': 'O administrador da plataforma {admin} ligou até {until}. Motivo: {reason}',
  'promptLogging.client.entryOff': 'O administrador da plataforma {admin} desligou.',
};
