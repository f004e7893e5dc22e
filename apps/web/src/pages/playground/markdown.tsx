import type { ComponentProps } from 'react';
import Markdown from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

/** Every link opens in a new tab; `noopener` keeps the linked page from reaching this window. */
function NewTabLink({ node: _node, ...props }: ComponentProps<'a'> & { node?: unknown }) {
  return <a {...props} target="_blank" rel="noopener noreferrer" />;
}

const components = { a: NewTabLink };
const remarkPlugins = [remarkGfm];
const rehypePlugins = [rehypeSanitize];

/**
 * An answer's text rendered as Markdown (GitHub flavour: code blocks, lists, tables, links in a new tab).
 * Safe by construction: raw HTML in the text is never turned into elements (a `<script>` or `onerror`
 * shows as plain text), `javascript:` URLs are dropped, and the tree passes rehype-sanitize's allow-list.
 * No `dangerouslySetInnerHTML` anywhere: React builds the elements.
 */
export function MarkdownText({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className}>
      <Markdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {text}
      </Markdown>
    </div>
  );
}
