export { fieldAgentId, readContextField, resultKey } from './context-field.ts';
export { conditionHolds, conditionsHold } from './evaluate-conditions.ts';
export { type NextSteps, planNextSteps } from './plan-next-steps.ts';
export { inputAgentIds, inputReady, resolveStepInput, stepInput } from './step-input.ts';
export { parseJsonAnswer, parseStepResult, resultText } from './step-result.ts';
export { type ValidateWorkflowOptions, validateWorkflow } from './validate-workflow.ts';
