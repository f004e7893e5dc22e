/** One table row as a Markdown line (`| a | b |`), the form chunks keep tables in. */
export function tableLine(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim()).join(' | ')} |`;
}
