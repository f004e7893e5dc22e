import { z } from 'zod';
import { defineTool, type ToolDefinition } from '../tool-definition.ts';
import { evaluateArithmetic, MAX_EXPRESSION_LENGTH } from './evaluate-arithmetic.ts';

/** Name the calculator is registered and called by. */
export const CALCULATOR_TOOL_NAME = 'calculator';

/** Input of the calculator tool. */
export const calculatorInputSchema = z.object({
  expression: z
    .string()
    .min(1)
    .max(MAX_EXPRESSION_LENGTH)
    .describe('Arithmetic expression using numbers, + - * / % ^ and parentheses, e.g. "(2 + 3) * 4.5"'),
});
/** Input of the calculator tool. */
export type CalculatorInput = z.infer<typeof calculatorInputSchema>;

/** Output of the calculator tool: the expression as given and its value. */
export interface CalculatorOutput {
  /** The expression that was evaluated. */
  readonly expression: string;
  /** Its value, rounded to 12 significant digits. */
  readonly result: number;
}

/**
 * Built-in `calculator` tool: evaluates an arithmetic expression with a safe parser (no `eval`); a bad
 * expression fails with an `ArithmeticError` that says what and where.
 */
export function createCalculatorTool(): ToolDefinition<CalculatorInput, CalculatorOutput> {
  return defineTool({
    name: CALCULATOR_TOOL_NAME,
    description:
      'Evaluates an arithmetic expression exactly. Supports + - * / % ^ (power), parentheses, decimals and negative numbers.',
    inputSchema: calculatorInputSchema,
    execute: ({ expression }) => ({ expression, result: evaluateArithmetic(expression) }),
  });
}
