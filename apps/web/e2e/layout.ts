import type { Page } from 'playwright-core';

/**
 * What is wrong with the page's layout at its current width (issue 17's "layout overflow"): the page
 * scrolling sideways, a table whose columns reach past its card (an action hidden off screen), a button
 * whose label spills out of its border, and a short word (a date's year, a time) split across two lines.
 * Each entry names the element and its text.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const name = (element: Element) =>
      `<${element.tagName.toLowerCase()}> "${(element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1)
      problems.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth} px)`);
    for (const element of document.querySelectorAll<HTMLElement>('main *')) {
      if (!element.checkVisibility()) continue;
      const style = getComputedStyle(element);
      if (element.tagName === 'TABLE' && element.parentElement) {
        const box = element.parentElement;
        if (box.scrollWidth > box.clientWidth + 1)
          problems.push(`${name(element)} is ${box.scrollWidth - box.clientWidth} px wider than its card`);
      }
      if (element.tagName === 'BUTTON' && style.overflow === 'visible') {
        if (element.scrollHeight > element.clientHeight + 1 || element.scrollWidth > element.clientWidth + 1)
          problems.push(`${name(element)}'s label spills out of the button`);
      }
    }
    // A word of at most 12 characters fits any line at 390 px: one split across lines was broken.
    const walker = document.createTreeWalker(
      document.querySelector('main') ?? document.body,
      NodeFilter.SHOW_TEXT,
    );
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent?.checkVisibility() || parent.closest('pre, code, textarea')) continue;
      const text = node.textContent ?? '';
      for (const match of text.matchAll(/(?<![^\s-])[^\s-]{2,12}(?![^\s-])/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (tops.size > 1) problems.push(`"${match[0]}" is split across lines in ${name(parent)}`);
      }
    }
    return [...new Set(problems)];
  });
}
