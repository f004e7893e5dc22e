// @ts-check
// The chat of a public agent (issue 12, ADR 0046), served verbatim as /widget.js: no build step, no
// dependency, no global CSS. Embedded with `<script src="…/widget.js" data-agent="slug" async>` it shows
// a bubble that opens a chat panel; the public page /a/{slug} loads it with data-mode="page" to fill the
// page instead. Everything it draws lives in a Shadow DOM, so the host site's styles do not reach
// it and its styles do not leak out. It talks to /v1/public/agents/{slug} on the server it came from.
(() => {
  const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  const slug = script?.dataset.agent;
  if (!script || !slug) return;
  const api = `${new URL(script.src).origin}/v1/public/agents/${encodeURIComponent(slug)}`;
  const pageMode = script.dataset.mode === 'page';
  const portuguese = (navigator.language || 'en').toLowerCase().startsWith('pt');

  const words = portuguese
    ? {
        open: 'Abrir o chat com {name}',
        close: 'Fechar o chat',
        label: 'Sua mensagem',
        placeholder: 'Escreva sua mensagem…',
        send: 'Enviar',
        you: 'Você',
        empty: 'Escreva uma mensagem para começar a conversa.',
        thinking: 'Escrevendo…',
        notFound: 'Este agente não existe ou não está publicado.',
        refused: 'Este site não tem permissão para mostrar este chat.',
        visitor: 'Você está enviando mensagens rápido demais. Tente de novo em {s} s.',
        ip: 'Muitas mensagens da sua rede. Tente de novo em {s} s.',
        agent_daily: 'Este agente já respondeu todas as mensagens que podia hoje. Tente de novo amanhã.',
        failed: 'Não foi possível enviar a mensagem. Tente de novo.',
        answerFailed: 'O agente não conseguiu responder. Tente de novo.',
        poweredBy: 'Chat com um agente de IA',
      }
    : {
        open: 'Open the chat with {name}',
        close: 'Close the chat',
        label: 'Your message',
        placeholder: 'Write your message…',
        send: 'Send',
        you: 'You',
        empty: 'Write a message to start the conversation.',
        thinking: 'Writing…',
        notFound: 'This agent does not exist or is not published.',
        refused: 'This site is not allowed to show this chat.',
        visitor: 'You are sending messages too fast. Try again in {s} s.',
        ip: 'Too many messages from your network. Try again in {s} s.',
        agent_daily: 'This agent has answered all the messages it can today. Try again tomorrow.',
        failed: 'The message could not be sent. Try again.',
        answerFailed: 'The agent could not answer. Try again.',
        poweredBy: 'Chat with an AI agent',
      };

  const css = `
:host { all: initial; }
* { box-sizing: border-box; }
.root { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; }
.bubble { position: fixed; right: 20px; bottom: 20px; z-index: 2147483646; width: 56px; height: 56px;
  border-radius: 50%; border: 0; background: #1d4ed8; color: #fff; cursor: pointer;
  box-shadow: 0 6px 20px rgba(0,0,0,.25); display: grid; place-items: center; }
.bubble:focus-visible, button:focus-visible, textarea:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.panel { display: flex; flex-direction: column; background: #fff; overflow: hidden; }
.floating { position: fixed; right: 20px; bottom: 88px; z-index: 2147483647; width: min(380px, calc(100vw - 24px));
  height: min(560px, calc(100vh - 110px)); border-radius: 14px; box-shadow: 0 12px 40px rgba(0,0,0,.3); }
.full { position: fixed; inset: 0; }
.full .inner { width: 100%; max-width: 760px; margin: 0 auto; height: 100%; display: flex; flex-direction: column; }
.floating .inner { height: 100%; display: flex; flex-direction: column; }
header { display: flex; align-items: center; gap: 8px; padding: 12px 16px; background: #1d4ed8; color: #fff; }
header h1, header h2 { margin: 0; font-size: 17px; font-weight: 600; flex: 1; overflow-wrap: anywhere; }
header p { margin: 0; font-size: 12px; opacity: .9; }
.close { background: transparent; color: #fff; border: 0; width: 36px; height: 36px; font-size: 22px; cursor: pointer; border-radius: 6px; }
.log { flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 10px; background: #f9fafb; }
.msg { max-width: 85%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
.user { align-self: flex-end; background: #1d4ed8; color: #fff; }
.assistant { align-self: flex-start; background: #fff; border: 1px solid #d1d5db; }
.hint { color: #4b5563; text-align: center; margin: auto 0; }
.notice { margin: 0 16px 8px; padding: 8px 12px; border-radius: 8px; background: #fef3c7; color: #78350f; border: 1px solid #f59e0b; }
form { display: flex; gap: 8px; padding: 12px 16px; border-top: 1px solid #e5e7eb; background: #fff; }
textarea { flex: 1; resize: none; min-height: 44px; max-height: 120px; padding: 10px; font: inherit; color: inherit;
  border: 1px solid #6b7280; border-radius: 8px; background: #fff; }
.send { min-width: 72px; min-height: 44px; border: 0; border-radius: 8px; background: #1d4ed8; color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
.send:disabled { background: #6b7280; cursor: default; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
[hidden] { display: none !important; }
@media (prefers-color-scheme: dark) {
  .root { color: #f9fafb; } .panel, form, textarea { background: #111827; color: #f9fafb; }
  .log { background: #1f2937; } .assistant { background: #111827; border-color: #4b5563; }
  .hint { color: #d1d5db; } textarea { border-color: #9ca3af; } form { border-color: #374151; }
}`;

  /** @param {string} tag @param {Record<string, string>} [attributes] @param {string} [text] */
  const el = (tag, attributes = {}, text = '') => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text) node.textContent = text;
    return node;
  };
  /** @param {string} text @param {Record<string, string | number>} values */
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ''));

  const host = el('div', { 'data-renum-widget': slug, 'data-state': 'loading' });
  const shadow = host.attachShadow({ mode: 'open' });
  const style = el('style');
  style.textContent = css;
  const root = el('div', { class: 'root', lang: portuguese ? 'pt-BR' : 'en' });
  shadow.append(style, root);

  const panelId = 'renum-chat-panel';
  const panel = el('section', { class: `panel ${pageMode ? 'full' : 'floating'}`, id: panelId });
  const inner = el('div', { class: 'inner' });
  const header = el('header');
  const title = el(pageMode ? 'h1' : 'h2', { id: 'renum-chat-title' });
  const subtitle = el('p', {}, words.poweredBy);
  const heading = el('div', { style: 'flex:1' });
  heading.append(title, subtitle);
  header.append(heading);
  const log = el('div', {
    class: 'log',
    role: 'log',
    'aria-live': 'polite',
    'aria-labelledby': 'renum-chat-title',
  });
  const notice = el('p', { class: 'notice', role: 'alert', hidden: '' });
  const form = el('form');
  const inputId = 'renum-chat-input';
  const label = el('label', { class: 'sr', for: inputId }, words.label);
  const input = /** @type {HTMLTextAreaElement} */ (
    el('textarea', { id: inputId, rows: '1', maxlength: '4000', placeholder: words.placeholder })
  );
  const send = /** @type {HTMLButtonElement} */ (el('button', { type: 'submit', class: 'send' }, words.send));
  form.append(label, input, send);
  inner.append(header, log, notice, form);
  panel.append(inner);
  panel.setAttribute('aria-labelledby', 'renum-chat-title');

  const bubble = el('button', {
    type: 'button',
    class: 'bubble',
    'aria-expanded': 'false',
    'aria-controls': panelId,
  });
  bubble.innerHTML =
    '<svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';
  const close = el('button', { type: 'button', class: 'close', 'aria-label': words.close }, '×');

  /** @param {string | null} text */
  const say = (text) => {
    notice.textContent = text ?? '';
    notice.hidden = !text;
  };
  /** @param {'user' | 'assistant'} role @param {string} text */
  const addMessage = (role, text) => {
    log.querySelector('.hint')?.remove();
    const item = el('div', { class: `msg ${role}` });
    if (role === 'user') item.append(el('span', { class: 'sr' }, `${words.you}: `));
    item.append(document.createTextNode(text));
    log.append(item);
    log.scrollTop = log.scrollHeight;
    return item;
  };

  /** @param {boolean} open */
  const setOpen = (open) => {
    panel.hidden = !open;
    bubble.setAttribute('aria-expanded', String(open));
    if (open) input.focus();
    else bubble.focus();
  };
  if (!pageMode) {
    panel.setAttribute('role', 'dialog');
    header.append(close);
    panel.hidden = true;
    bubble.addEventListener('click', () => setOpen(panel.hidden));
    close.addEventListener('click', () => setOpen(false));
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        setOpen(false);
      }
    });
  }

  /** What a refused request says, from its error body (`{ error, code, ...details }`). */
  /** @param {Response} response */
  const refusal = async (response) => {
    let details = {};
    try {
      details = await response.json();
    } catch (error) {
      console.warn(`Renum widget: a ${response.status} answer without a JSON body`, error);
    }
    if (response.status === 429) {
      const scope = details.scope === 'ip' || details.scope === 'agent_daily' ? details.scope : 'visitor';
      return fill(words[scope], { s: details.retry_after ?? 60 });
    }
    if (response.status === 404) return words.notFound;
    if (response.status === 403) return words.refused;
    return words.failed;
  };

  /** Reads the answer's SSE events into `bubble`; resolves with the error text, or null. */
  /** @param {Response} response @param {HTMLElement} target */
  const readStream = async (response, target) => {
    const reader = /** @type {ReadableStream<Uint8Array>} */ (response.body).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text ? null : words.answerFailed;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const data = frame.split('\n').find((line) => line.startsWith('data: '));
        if (!data) continue;
        const event = JSON.parse(data.slice(6));
        if (event.type === 'content') text += event.content;
        else if (event.type === 'complete') text = event.content || text;
        else if (event.type === 'error') return words.answerFailed;
        target.textContent = text || words.thinking;
        if (event.type === 'complete') return null;
      }
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const content = input.value.trim();
    if (!content || send.disabled) return;
    send.disabled = true;
    // A disabled button drops the focus to the page: kept in the message box, so Escape still closes.
    input.focus();
    say(null);
    try {
      const response = await fetch(`${api}/messages`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ content }),
      });
      if (!response.ok) {
        say(await refusal(response));
        return;
      }
      input.value = '';
      addMessage('user', content);
      const answer = addMessage('assistant', words.thinking);
      answer.setAttribute('aria-busy', 'true');
      const failure = await readStream(response, answer);
      answer.removeAttribute('aria-busy');
      if (failure) {
        answer.remove();
        say(failure);
      }
    } catch (error) {
      console.error('Renum widget: the message could not be sent', error);
      say(words.failed);
    } finally {
      send.disabled = false;
      input.focus();
    }
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  /** Shows the agent (its name, the visitor's conversation so far), or why it cannot. */
  const start = async () => {
    document.body.append(host);
    const agent = await fetch(api, { credentials: 'include' });
    if (!agent.ok) {
      const reason = await refusal(agent);
      host.dataset.state = agent.status === 403 ? 'refused' : 'unavailable';
      console.error(`Renum widget (${slug}): ${reason}`);
      if (pageMode) {
        document.title = reason;
        title.textContent = reason;
        form.hidden = true;
        root.append(panel);
      }
      return;
    }
    const { name } = await agent.json();
    title.textContent = name;
    bubble.setAttribute('aria-label', fill(words.open, { name }));
    if (pageMode) document.title = name;
    const history = await fetch(`${api}/messages`, { credentials: 'include' });
    const past = history.ok ? (await history.json()).messages : [];
    if (past.length === 0) log.append(el('p', { class: 'hint' }, words.empty));
    for (const message of past) addMessage(message.role, message.text);
    root.append(...(pageMode ? [panel] : [panel, bubble]));
    host.dataset.state = 'ready';
    if (pageMode) input.focus();
  };
  const begin = () =>
    start().catch((error) => {
      host.dataset.state = 'unavailable';
      console.error(`Renum widget (${slug}): could not start`, error);
    });
  if (document.body) begin();
  else document.addEventListener('DOMContentLoaded', begin, { once: true });
})();
