export { assertPromptVariables, assertTemplateVariables } from './assert-prompt-variables.ts';
export {
  isPromptConfigValue,
  isTemplateVariable,
  knownPromptVariables,
  promptConfigKeys,
  templateVariableNames,
} from './known-prompt-variables.ts';
export { buildPromptValues } from './prompt-values.ts';
export { findUnknownVariables, listVariables } from './prompt-variables.ts';
export { type PromptValue, type PromptValues, renderPrompt } from './render-prompt.ts';
