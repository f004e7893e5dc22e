import { ArithmeticError } from './arithmetic-error.ts';

/** Longest expression accepted, in characters. */
export const MAX_EXPRESSION_LENGTH = 1000;

/** Deepest nesting of parentheses and unary operators accepted, so hostile input cannot exhaust the stack. */
const maxDepth = 100;

type Token =
  | { readonly kind: 'number'; readonly value: number; readonly text: string; readonly position: number }
  | { readonly kind: 'operator'; readonly value: string; readonly position: number }
  | { readonly kind: 'end'; readonly position: number };

type OperatorToken = Extract<Token, { readonly kind: 'operator' }>;

const operatorCharacters = '+-*/%^()';

function describe(token: Token): string {
  if (token.kind === 'end') return 'end of expression';
  return `"${token.kind === 'number' ? token.text : token.value}"`;
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < expression.length) {
    const character = expression.charAt(index);
    if (/\s/.test(character)) {
      index += 1;
    } else if (/[0-9.]/.test(character)) {
      const match = /^(?:\d+(?:\.\d*)?|\.\d+)/.exec(expression.slice(index));
      if (match === null) throw new ArithmeticError(`Invalid number at position ${index}`, index);
      tokens.push({ kind: 'number', value: Number(match[0]), text: match[0], position: index });
      index += match[0].length;
    } else if (character === '*' && expression.charAt(index + 1) === '*') {
      tokens.push({ kind: 'operator', value: '^', position: index });
      index += 2;
    } else if (operatorCharacters.includes(character)) {
      tokens.push({ kind: 'operator', value: character, position: index });
      index += 1;
    } else {
      throw new ArithmeticError(
        `Unexpected character "${character}" at position ${index}: only numbers, + - * / % ^ and parentheses are allowed`,
        index,
      );
    }
  }
  tokens.push({ kind: 'end', position: expression.length });
  return tokens;
}

/** Recursive-descent evaluator: additive → multiplicative → unary → power (right-associative) → primary. */
class Parser {
  readonly #tokens: Token[];
  #index = 0;
  #depth = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  parse(): number {
    const value = this.#additive();
    const next = this.#peek();
    if (next.kind !== 'end') {
      throw new ArithmeticError(`Unexpected ${describe(next)} at position ${next.position}`, next.position);
    }
    return value;
  }

  #peek(): Token {
    return this.#tokens[this.#index] ?? { kind: 'end', position: 0 };
  }

  #takeOperator(...operators: string[]): OperatorToken | null {
    const token = this.#peek();
    if (token.kind === 'operator' && operators.includes(token.value)) {
      this.#index += 1;
      return token;
    }
    return null;
  }

  #nested<T>(position: number, parse: () => T): T {
    this.#depth += 1;
    if (this.#depth > maxDepth)
      throw new ArithmeticError(`Expression nested too deeply at position ${position}`, position);
    try {
      return parse();
    } finally {
      this.#depth -= 1;
    }
  }

  #additive(): number {
    let value = this.#multiplicative();
    for (let operator = this.#takeOperator('+', '-'); operator; operator = this.#takeOperator('+', '-')) {
      const right = this.#multiplicative();
      value = operator.value === '+' ? value + right : value - right;
    }
    return value;
  }

  #multiplicative(): number {
    let value = this.#unary();
    for (
      let operator = this.#takeOperator('*', '/', '%');
      operator;
      operator = this.#takeOperator('*', '/', '%')
    ) {
      const right = this.#unary();
      const symbol = operator.value;
      if (symbol !== '*' && right === 0) {
        throw new ArithmeticError(`Division by zero at position ${operator.position}`, operator.position);
      }
      value = symbol === '*' ? value * right : symbol === '/' ? value / right : value % right;
    }
    return value;
  }

  #unary(): number {
    const sign = this.#takeOperator('+', '-');
    if (sign === null) return this.#power();
    const operand = this.#nested(sign.position, () => this.#unary());
    return sign.value === '-' ? -operand : operand;
  }

  #power(): number {
    const base = this.#primary();
    const operator = this.#takeOperator('^');
    if (operator === null) return base;
    const exponent = this.#nested(operator.position, () => this.#unary());
    return base ** exponent;
  }

  #primary(): number {
    const token = this.#peek();
    if (token.kind === 'number') {
      this.#index += 1;
      return token.value;
    }
    const open = this.#takeOperator('(');
    if (open !== null) {
      const value = this.#nested(open.position, () => this.#additive());
      if (this.#takeOperator(')') === null) {
        const next = this.#peek();
        throw new ArithmeticError(
          `Missing ")" for "(" at position ${open.position}, found ${describe(next)}`,
          next.position,
        );
      }
      return value;
    }
    throw new ArithmeticError(
      `Expected a number or "(" but found ${describe(token)} at position ${token.position}`,
      token.position,
    );
  }
}

/**
 * Evaluates an arithmetic expression without `eval` or `Function`: numbers with optional decimals
 * (`.` as separator), `+ - * / %`, `^` or `**` for powers (right-associative, binding tighter than unary
 * minus, so `-2^2` is -4), parentheses and unary `+`/`-`. The result is rounded to 12 significant digits
 * to hide binary floating-point noise (`0.1 + 0.2` gives 0.3). Throws {@link ArithmeticError} with the
 * position for anything else, division or remainder by zero, and results that are not finite.
 */
export function evaluateArithmetic(expression: string): number {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new ArithmeticError(
      `Expression longer than ${MAX_EXPRESSION_LENGTH} characters`,
      MAX_EXPRESSION_LENGTH,
    );
  }
  if (expression.trim() === '') throw new ArithmeticError('Expression is empty', 0);
  const value = new Parser(tokenize(expression)).parse();
  if (!Number.isFinite(value)) throw new ArithmeticError('Result is not a finite number', 0);
  const rounded = Number(value.toPrecision(12));
  return Object.is(rounded, -0) ? 0 : rounded;
}
