export { createPromptTemplate } from './create-prompt-template.ts';
export { createPromptTemplateVersion } from './create-prompt-template-version.ts';
export { deletePromptTemplate } from './delete-prompt-template.ts';
export { getPromptTemplate } from './get-prompt-template.ts';
export { getPromptTemplateVersion } from './get-prompt-template-version.ts';
export { listPromptTemplates } from './list-prompt-templates.ts';
export { promptTemplateNotFoundCode } from './prompt-template-id.ts';
export { updatePromptTemplate } from './update-prompt-template.ts';
