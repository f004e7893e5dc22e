import { truncateText } from '@renum/contracts';
import { tokenizeText } from '../../routing/normalize-text.ts';
import { isStopWord, type OfflineLanguage } from './language.ts';

const maxEchoLength = 200;
const maxKeywords = 5;

function echoOf(message: string): string {
  const text = message.replace(/\s+/g, ' ').trim();
  return truncateText(text, maxEchoLength, { ellipsis: '…' });
}

function keywordsOf(message: string): string[] {
  const words = tokenizeText(message).filter((word) => word.length > 2 && !isStopWord(word));
  return [...new Set(words)].slice(0, maxKeywords);
}

/**
 * The offline model's answer when nothing else applies: says it is Renum's offline model, echoes the
 * message it understood with up to five keywords, and suggests configuring a provider; in Portuguese or
 * English.
 */
export function composeDefaultAnswer(message: string, language: OfflineLanguage): string {
  const echo = echoOf(message);
  const keywords = keywordsOf(message);
  if (language === 'pt') {
    if (echo === '') return 'Sou o modelo offline do Renum e não recebi nenhuma mensagem de texto.';
    const list = keywords.length === 0 ? '' : ` (palavras-chave: ${keywords.join(', ')})`;
    return (
      'Sou o modelo offline do Renum: respondo sem provedor de IA e sem rede, de forma determinística. ' +
      `Entendi sua mensagem como: "${echo}"${list}. Para respostas completas, configure um provedor de modelo.`
    );
  }
  if (echo === '') return "I am Renum's offline model and I received no text message.";
  const list = keywords.length === 0 ? '' : ` (keywords: ${keywords.join(', ')})`;
  return (
    "I am Renum's offline model: I answer without an AI provider or network, deterministically. " +
    `I understood your message as: "${echo}"${list}. For full answers, configure a model provider.`
  );
}
