const marker = Symbol.for('renum.runtime.ArithmeticError');

/**
 * A bad arithmetic expression: unknown character, misplaced operator, unbalanced parenthesis, division
 * by zero or a non-finite result. `position` is the 0-based offset in the expression where it was found.
 */
export class ArithmeticError extends Error {
  override readonly name = 'ArithmeticError';
  readonly [marker] = true;
  /** 0-based character offset of the problem in the expression. */
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }

  /** Whether `error` is an {@link ArithmeticError}, also across module copies. */
  static isInstance(error: unknown): error is ArithmeticError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
