import type {
  WizardLanguage,
  WizardStep1,
  WizardStep2,
  WizardStep3,
  WizardTemplate,
  WizardTone,
} from '@renum/contracts';

interface PromptWords {
  intro: (niche: string) => string;
  templates: Record<WizardTemplate, string>;
  tones: Record<WizardTone, string>;
  personality: (traits: string) => string;
  facts: string;
  instructions: string;
  rules: string[];
}

const english: PromptWords = {
  intro: (niche) => `You are {{agent.name}}, the virtual assistant of {{client.name}} (${niche}).`,
  templates: {
    customer_support:
      'Your job is customer support: understand the problem, solve it step by step and confirm it is solved.',
    sales:
      'Your job is sales: understand what the customer needs, recommend what fits and guide them to buy.',
    scheduling:
      'Your job is scheduling: find a time that suits the customer and confirm the booking details.',
    faq: 'Your job is to answer frequently asked questions clearly and briefly.',
    custom: 'Help each person with what they ask, within what the business offers.',
  },
  tones: {
    friendly: 'Speak in a warm, friendly tone.',
    formal: 'Speak in a formal, courteous tone.',
    casual: 'Speak in a relaxed, casual tone.',
    professional: 'Speak in a clear, professional tone.',
    enthusiastic: 'Speak in an upbeat, enthusiastic tone.',
  },
  personality: (traits) => `Your personality: ${traits}.`,
  facts: 'Facts about the business:',
  instructions: 'Further instructions:',
  rules: [
    'Answer in English unless the person writes in another language.',
    'Never invent prices, policies or facts that are not given here; say you will check instead.',
    'The person you are talking to is {{contact.name}}; today is {{current_date}}.',
  ],
};

const portuguese: PromptWords = {
  intro: (niche) => `Você é {{agent.name}}, o assistente virtual de {{client.name}} (${niche}).`,
  templates: {
    customer_support:
      'Seu trabalho é o atendimento ao cliente: entender o problema, resolvê-lo passo a passo e confirmar que foi resolvido.',
    sales:
      'Seu trabalho é vender: entender o que o cliente precisa, recomendar o que faz sentido e conduzi-lo até a compra.',
    scheduling: 'Seu trabalho é agendar: encontrar um horário bom para o cliente e confirmar os detalhes.',
    faq: 'Seu trabalho é responder às perguntas frequentes com clareza e brevidade.',
    custom: 'Ajude cada pessoa com o que ela pedir, dentro do que a empresa oferece.',
  },
  tones: {
    friendly: 'Fale de forma calorosa e simpática.',
    formal: 'Fale de forma formal e cortês.',
    casual: 'Fale de forma descontraída.',
    professional: 'Fale de forma clara e profissional.',
    enthusiastic: 'Fale de forma animada e entusiasmada.',
  },
  personality: (traits) => `Sua personalidade: ${traits}.`,
  facts: 'Informações sobre a empresa:',
  instructions: 'Instruções adicionais:',
  rules: [
    'Responda em português do Brasil, a menos que a pessoa escreva em outro idioma.',
    'Nunca invente preços, políticas ou fatos que não estejam aqui; diga que vai verificar.',
    'Você está falando com {{contact.name}}; hoje é {{current_date}}.',
  ],
};

/** Text typed as data, with template braces broken so it cannot become a prompt variable. */
function plain(text: string): string {
  return text.replace(/\{\{|\}\}/g, (braces) => braces.split('').join(' '));
}

const wordsByLanguage: Record<WizardLanguage, PromptWords> = { en: english, 'pt-BR': portuguese };

/**
 * Writes an agent's system prompt from the wizard's steps, in `language`. Custom fields are referenced
 * as `{{config.<key>}}`, never copied in, so changing a field's value (step 3) changes the answer
 * without regenerating the prompt; the agent's name and the client's come from built-in variables.
 */
export function generateSystemPrompt(options: {
  language: WizardLanguage;
  step1: WizardStep1;
  step2: WizardStep2;
  step3?: WizardStep3 | undefined;
}): string {
  const words = wordsByLanguage[options.language];
  const { step1, step2 } = options;
  const paragraphs = [
    `${words.intro(plain(step1.niche))} ${words.templates[step1.template]}`,
    `${words.personality(plain(step2.personality.join(', ')))} ${words.tones[step2.tone]}`,
  ];
  const fields = options.step3?.fields ?? [];
  if (fields.length > 0) {
    paragraphs.push(
      [words.facts, ...fields.map((field) => `- ${plain(field.label)}: {{config.${field.key}}}`)].join('\n'),
    );
  }
  if (step2.instructions) paragraphs.push(`${words.instructions}\n${step2.instructions}`);
  paragraphs.push(words.rules.map((rule) => `- ${rule}`).join('\n'));
  return paragraphs.join('\n\n');
}
