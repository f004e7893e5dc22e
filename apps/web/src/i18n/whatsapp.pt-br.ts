import type { whatsappEn } from './whatsapp.en.ts';

/** Strings em português da tela de configuração do WhatsApp (issues 12 e 15), espalhadas em `messagesPtBr`. */
export const whatsappPtBr: Record<keyof typeof whatsappEn, string> = {
  'nav.whatsapp': 'WhatsApp',
  'whatsapp.description':
    'Conecte um número do WhatsApp Business a um agente: quem escrever para ele é atendido pelo agente, e as conversas aparecem na caixa de entrada.',
  'whatsapp.connect': 'Conectar um número',
  'whatsapp.connectTitle': 'Conectar um número do WhatsApp Business',
  'whatsapp.connectedToast': 'Número conectado',
  'whatsapp.empty': 'Nenhum número do WhatsApp conectado ainda.',
  'whatsapp.emptyHint':
    'Guarde seu token de acesso do WhatsApp em Credenciais e depois conecte o número aqui.',
  'whatsapp.number': 'Número',
  'whatsapp.agent': 'Agente que responde',
  'whatsapp.choose': 'Escolha…',
  'whatsapp.credential': 'Credencial do WhatsApp (token de acesso)',
  'whatsapp.credentialHint': 'De Credenciais; o token só é usado para enviar as mensagens deste número.',
  'whatsapp.noCredential': 'Adicione antes uma credencial do serviço whatsapp em Credenciais.',
  'whatsapp.phoneNumberId': 'ID do número (da Meta)',
  'whatsapp.displayNumber': 'Número como aparece',
  'whatsapp.verifyToken': 'Token de verificação',
  'whatsapp.verifyTokenHint':
    'Uma frase à sua escolha (8 caracteres ou mais); digite a mesma nas configurações de webhook da Meta.',
  'whatsapp.appSecret': 'Chave secreta do app',
  'whatsapp.appSecretHint':
    'Guardada criptografada; confere que os webhooks vêm mesmo da Meta. Nunca é mostrada de novo.',
  'whatsapp.templateName': 'Modelo fora das 24 horas',
  'whatsapp.templateHint': 'Um modelo aprovado, enviado quando a pessoa não escreve há 24 horas.',
  'whatsapp.templateLanguage': 'Idioma do modelo',
  'whatsapp.noTemplate': 'Nenhum',
  'whatsapp.connected': 'Conectado em',
  'whatsapp.disconnect': 'Desconectar',
  'whatsapp.disconnectNamed': 'Desconectar {name}',
  'whatsapp.disconnectTitle': 'Desconectar este número?',
  'whatsapp.disconnectDescription':
    'As mensagens para ele não chegarão mais ao agente. As conversas continuam na caixa de entrada.',
  'whatsapp.disconnected': 'Número desconectado',
  'whatsapp.stepsTitle': 'Configuração no painel de apps da Meta',
  'whatsapp.step1':
    'Em WhatsApp → Configuração da API, copie o ID do número e um token de acesso permanente.',
  'whatsapp.step2':
    'Guarde o token como credencial whatsapp e depois conecte o número aqui com a chave secreta do app.',
  'whatsapp.step3': 'Em WhatsApp → Configuração, defina a URL de retorno como',
  'whatsapp.step4': 'Digite o mesmo token de verificação, verifique e assine o campo “messages”.',
  'whatsapp.approverTitle': 'Aprovações no meu WhatsApp',
  'whatsapp.approverNumber': 'Meu número do WhatsApp',
  'whatsapp.approverHint':
    'Os pedidos de aprovação que você pode decidir chegam aqui; responda com os botões ou SIM / NÃO. Deixe vazio para parar.',
  'whatsapp.approverSaved': 'Seu número foi salvo',
};
