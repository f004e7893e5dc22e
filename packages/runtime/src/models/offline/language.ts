import { tokenizeText } from '../../routing/normalize-text.ts';

/** Languages the offline model answers in. */
export type OfflineLanguage = 'pt' | 'en';

/** Frequent Portuguese words (accents stripped), used both to detect the language and as stop words. */
export const portugueseStopWords: ReadonlySet<string> = new Set(
  (
    'a o as os um uma uns umas de do da dos das no na nos nas em ao aos e ou que se por para pra com sem ' +
    'mas como mais muito muita meu minha meus minhas seu sua seus suas nosso nossa voce voces eu ele ela ' +
    'eles elas nos isso isto esse essa este esta estou esta estao sao ser foi era tem ter tenho qual quais ' +
    'quanto quanta quando onde porque pelo pela pelos pelas sobre entre ate ja nao sim tambem so lhe me te ' +
    'ola oi obrigado obrigada favor preciso quero gostaria pode poderia agora hoje aqui tudo bem bom boa'
  ).split(' '),
);

/** Frequent English words, used both to detect the language and as stop words. */
export const englishStopWords: ReadonlySet<string> = new Set(
  (
    'a an the of to in on at for from by with without and or but if then so as is are was were be been ' +
    'being am do does did done have has had i me my mine you your yours he she it its we our they their ' +
    'them this that these those what which who whom whose when where why how can could would should will ' +
    'shall may might must not no yes please thanks thank hello hi hey about into than too very just also ' +
    'there here now today want need'
  ).split(' '),
);

/** Portuguese request verbs and words that carry no accent but are not English either. */
const portugueseCues: ReadonlySet<string> = new Set(
  'calcule calcular calcula pesquise pesquisar busque buscar procure procurar lembre extraia extrair raspe leia horas hora quanto quantos'.split(
    ' ',
  ),
);

/** English request verbs that the stop-word list does not hold. */
const englishCues: ReadonlySet<string> = new Set(
  'calculate compute search remember extract scrape time'.split(' '),
);

/** Letters that occur in Portuguese but hardly ever in English. */
const portugueseLetters = /[ãõçáéíóúâêôà]/i;

/**
 * Guesses whether `text` is Portuguese or English: Portuguese when its Portuguese accented letters (worth
 * two words) and Portuguese function words and request verbs outnumber the English ones; English
 * otherwise (also for empty text).
 */
export function detectLanguage(text: string): OfflineLanguage {
  const words = tokenizeText(text);
  let portuguese = portugueseLetters.test(text) ? 2 : 0;
  let english = 0;
  for (const word of words) {
    if (portugueseStopWords.has(word) || portugueseCues.has(word)) portuguese += 1;
    if (englishStopWords.has(word) || englishCues.has(word)) english += 1;
  }
  return portuguese > english ? 'pt' : 'en';
}

/** Whether a normalized word is a stop word in either language. */
export function isStopWord(word: string): boolean {
  return portugueseStopWords.has(word) || englishStopWords.has(word);
}
