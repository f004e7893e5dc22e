import { describe, expect, it } from 'vitest';
import {
  ArithmeticError,
  createCalculatorTool,
  evaluateArithmetic,
  MAX_EXPRESSION_LENGTH,
} from '../src/index.ts';

describe('evaluateArithmetic', () => {
  it.each([
    ['1 + 2', 3],
    ['2 + 3 * 4', 14],
    ['(2 + 3) * 4', 20],
    ['10 / 4', 2.5],
    ['10 % 4', 2],
    ['2 ^ 10', 1024],
    ['2 ** 3', 8],
    ['2 ^ 3 ^ 2', 512],
    ['-2 ^ 2', -4],
    ['(-2) ^ 2', 4],
    ['2 ^ -1', 0.5],
    ['-(3 - 5)', 2],
    ['--3', 3],
    ['+4', 4],
    ['.5 + 1.', 1.5],
    ['0.1 + 0.2', 0.3],
    ['1 - 1 - 1', -1],
    ['100 / 10 / 5', 2],
    ['  ( ( 7 ) )  ', 7],
    ['3 * -2', -6],
    ['-0', 0],
  ])('%s = %d', (expression, expected) => {
    expect(evaluateArithmetic(expression)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['2 +', /Expected a number or "\(" but found end of expression at position 3/],
    ['(1 + 2', /Missing "\)" for "\(" at position 0/],
    ['1 + 2)', /Unexpected "\)" at position 5/],
    ['1 / 0', /Division by zero at position 2/],
    ['5 % (2 - 2)', /Division by zero/],
    ['2 ^ 5000', /not a finite number/],
    ['1..2', /Unexpected ".2" at position 2/],
    ['1,5', /Unexpected character ","/],
    ['2 2', /Unexpected "2" at position 2/],
    ['*3', /Expected a number/],
  ])('rejects %j clearly', (expression, message) => {
    expect(() => evaluateArithmetic(expression)).toThrowError(message);
  });

  it.each([
    'process.exit()',
    'require("child_process").execSync("id")',
    'constructor.constructor("return process")()',
    '1; globalThis.pwned = true',
    // a template literal: "`${1}`"
    '`$' + '{1}`',
    'this',
    'Math.PI',
    '1e3',
    '0x10',
    '[] + {}',
    'eval("1")',
  ])('refuses code such as %j without running it', (expression) => {
    expect(() => evaluateArithmetic(expression)).toThrowError(ArithmeticError);
    expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it('reports the position of the problem', () => {
    try {
      evaluateArithmetic('1 + process.exit()');
      expect.unreachable();
    } catch (error) {
      expect(ArithmeticError.isInstance(error)).toBe(true);
      expect((error as ArithmeticError).position).toBe(4);
      expect((error as Error).message).toMatch(/Unexpected character "p" at position 4/);
    }
  });

  it('bounds length and nesting so hostile input cannot exhaust the stack', () => {
    expect(() => evaluateArithmetic('1+'.repeat(MAX_EXPRESSION_LENGTH))).toThrowError(/longer than/);
    expect(() => evaluateArithmetic(`${'('.repeat(400)}1${')'.repeat(400)}`)).toThrowError(
      /nested too deeply/,
    );
    expect(() => evaluateArithmetic(`${'-'.repeat(500)}1`)).toThrowError(/nested too deeply/);
    expect(evaluateArithmetic(`${'('.repeat(50)}1${')'.repeat(50)}`)).toBe(1);
  });
});

describe('calculator tool', () => {
  const calculator = createCalculatorTool();

  it('is named calculator and validates its input', () => {
    expect(calculator.name).toBe('calculator');
    expect(calculator.critical).toBeUndefined();
    expect(calculator.inputSchema.safeParse({ expression: '1+1' }).success).toBe(true);
    expect(calculator.inputSchema.safeParse({ expression: '' }).success).toBe(false);
    expect(calculator.inputSchema.safeParse({}).success).toBe(false);
  });

  it('returns the expression and its value, and throws on a bad one', async () => {
    expect(await calculator.execute({ expression: '(1 + 2) * 3' }, { toolCallId: 'c1' })).toEqual({
      expression: '(1 + 2) * 3',
      result: 9,
    });
    await expect(async () =>
      calculator.execute({ expression: 'process.exit()' }, { toolCallId: 'c2' }),
    ).rejects.toThrowError(ArithmeticError);
  });
});
