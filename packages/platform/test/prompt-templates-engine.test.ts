import { AppError, builtInPromptVariables } from '@renum/contracts';
import { describe, expect, it } from 'vitest';
import {
  assertPromptVariables,
  assertTemplateVariables,
  buildPromptValues,
  findUnknownVariables,
  isTemplateVariable,
  knownPromptVariables,
  listVariables,
  renderPrompt,
} from '../src/prompts/index.ts';

function thrown(work: () => void): AppError {
  try {
    work();
  } catch (error) {
    if (AppError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('prompt variables', () => {
  it('lists names once, in order, with or without spaces inside the braces', () => {
    const text =
      'Oi {{contact.name}}! Sou {{ agent.name }} da {{client.name}}. {{  contact.name }} {{channel}}';
    expect(listVariables(text)).toEqual(['contact.name', 'agent.name', 'client.name', 'channel']);
    expect(listVariables('no variables, { single } braces, {{ unclosed')).toEqual([]);
    expect(listVariables('{{}} and {{ }}')).toEqual(['']);
  });

  it('knows the built-ins and the primitive top-level config keys', () => {
    const known = knownPromptVariables({
      agentConfig: {
        tone: 'formal',
        budget: 10_000,
        vip: true,
        nested: { a: 1 },
        list: [1],
        empty: null,
        'with space': 'x',
        'orçamento-mensal': 'R$ 10.000',
        nan: Number.NaN,
      },
    });
    expect(known.slice(0, builtInPromptVariables.length)).toEqual(builtInPromptVariables.map((v) => v.name));
    expect(known.slice(builtInPromptVariables.length)).toEqual([
      'config.budget',
      'config.orçamento-mensal',
      'config.tone',
      'config.vip',
    ]);
    expect(knownPromptVariables({ agentConfig: null })).toEqual(builtInPromptVariables.map((v) => v.name));
    expect(known).toContain('contact.external_id');
    expect(known).toContain('current_date');
  });

  it('finds unknown names, injection-looking ones included', () => {
    const known = knownPromptVariables({ agentConfig: { tone: 'x' } });
    const text = [
      '{{__proto__}} {{constructor}} {{ constructor.name }} {{toString}} {{hasOwnProperty}}',
      '{{process.env.SECRET}} {{ this }} {{7*7}} {{config.tone}} {{config.missing}} {{agent.name}}',
      "{{ agent['name'] }} {{#each x}} {{/each}} {{> partial}} {{agent.name | upper}} {{}}",
    ].join('\n');
    expect(findUnknownVariables({ text, known })).toEqual([
      '__proto__',
      'constructor',
      'constructor.name',
      'toString',
      'hasOwnProperty',
      'process.env.SECRET',
      'this',
      '7*7',
      'config.missing',
      "agent['name']",
      '#each x',
      '/each',
      '> partial',
      'agent.name | upper',
      '',
    ]);
    expect(findUnknownVariables({ text: '{{config.anything}} {{x}}', known: isTemplateVariable })).toEqual([
      'x',
    ]);
  });

  it('rejects an unknown variable on save, naming it, the field and the known set', () => {
    const error = thrown(() =>
      assertPromptVariables({
        text: 'Hi {{contact.name}}, {{contact.surname}} and {{nope}}',
        agentConfig: { tone: 'formal' },
        field: 'system_prompt',
      }),
    );
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.status).toBe(400);
    expect(error.message).toBe('Unknown prompt variable {{contact.surname}}');
    expect(error.context).toMatchObject({ field: 'system_prompt', variable: 'contact.surname' });
    expect(error.context.known).toContain('config.tone');
    expect(() =>
      assertPromptVariables({
        text: '{{ config.tone }} {{agent.name}}',
        agentConfig: { tone: 'x' },
        field: 'f',
      }),
    ).not.toThrow();
    expect(
      thrown(() => assertPromptVariables({ text: '{{__proto__}}', agentConfig: {}, field: 'f' })).context,
    ).toMatchObject({ variable: '__proto__' });
  });

  it('lets templates use any well-formed config key', () => {
    expect(() =>
      assertTemplateVariables({ text: '{{config.tone}} {{ config.max_cpc }}', field: 'body' }),
    ).not.toThrow();
    const error = thrown(() =>
      assertTemplateVariables({ text: '{{config.}} {{config.a.b}}', field: 'body' }),
    );
    expect(error.context).toMatchObject({ field: 'body', variable: 'config.' });
    expect(error.context.known).toContain('config.<key>');
    expect(isTemplateVariable('config.a.b')).toBe(false);
    expect(isTemplateVariable('config.__proto__')).toBe(true);
  });
});

describe('renderPrompt', () => {
  it('fills values, then defaults, then empty, leaving no placeholder behind', () => {
    const text = 'Oi {{contact.name}}, aqui é {{ agent.name }} ({{config.tone}}) {{unknown}} {{ }}{{}} fim';
    const output = renderPrompt({
      text,
      values: { 'agent.name': 'Renus', 'contact.name': null, 'config.tone': 'formal' },
      defaults: { 'contact.name': 'cliente', unknown: '' },
    });
    expect(output).toBe('Oi cliente, aqui é Renus (formal)   fim');
    expect(output).not.toMatch(/\{\{[^{}]*\}\}/);
  });

  it('treats empty and missing values alike and stringifies numbers and booleans', () => {
    expect(
      renderPrompt({
        text: '{{a}}|{{b}}|{{c}}|{{d}}|{{e}}|{{f}}',
        values: { a: '', b: 0, c: false, d: undefined, e: Number.POSITIVE_INFINITY, f: 2.5 },
        defaults: { a: 'A', d: 'D', e: 'E' },
      }),
    ).toBe('A|0|false|D|E|2.5');
  });

  it('never reaches the prototype or runs anything', () => {
    const values = { 'agent.name': 'Renus' };
    const text = '[{{__proto__}}][{{constructor}}][{{toString}}][{{ constructor.name }}][{{valueOf}}]';
    expect(renderPrompt({ text, values })).toBe('[][][][][]');
    const hostile = { toString: () => 'ran', fn: () => 'called', obj: { toString: () => 'ran' } };
    const cast = hostile as unknown as Record<string, string>;
    expect(renderPrompt({ text: '[{{toString}}][{{fn}}][{{obj}}]', values: cast })).toBe('[][][]');
    const nullPrototype = Object.assign(Object.create(null), { x: 'y' });
    expect(renderPrompt({ text: '{{x}}{{__proto__}}', values: nullPrototype })).toBe('y');
  });

  it('inserts values verbatim: no second expansion, `$` patterns literal', () => {
    const output = renderPrompt({
      text: 'Cliente: {{contact.name}}; agente: {{agent.name}}',
      values: { 'contact.name': '{{agent.name}} $& $1 $$', 'agent.name': 'Renus' },
    });
    expect(output).toBe('Cliente: {{agent.name}} $& $1 $$; agente: Renus');
  });

  it('handles stray and nested braces without losing text', () => {
    expect(renderPrompt({ text: '{ {{x}} } {{{x}}} {{x', values: { x: 'v' } })).toBe('{ v } {v} {{x');
    expect(renderPrompt({ text: `{{${' '.repeat(50_000)}`, values: {} })).toHaveLength(50_002);
  });
});

describe('buildPromptValues', () => {
  it('fills the built-ins and config keys for one conversation', () => {
    const values = buildPromptValues({
      agent: { name: 'Renus', description: null, config: { tone: 'formal', budget: 10, deep: { a: 1 } } },
      client: { name: 'Acme' },
      contact: { name: 'Ana', phone: null },
      channel: 'whatsapp',
      now: new Date('2025-03-01T02:30:00Z'),
      timeZone: 'America/Sao_Paulo',
    });
    const text = knownPromptVariables({ agentConfig: { tone: 'formal', budget: 10 } })
      .map((name) => `${name}={{${name}}}`)
      .join(';');
    expect(renderPrompt({ text, values, defaults: { 'contact.phone': '?' } })).toBe(
      'agent.name=Renus;agent.description=;client.name=Acme;contact.name=Ana;contact.phone=?;' +
        'contact.external_id=;current_date=2025-02-28;current_time=23:30;channel=whatsapp;' +
        'config.budget=10;config.tone=formal',
    );
  });

  it('falls back to UTC on an invalid time zone', () => {
    const values = buildPromptValues({
      agent: { name: 'A', description: 'd', config: {} },
      client: { name: 'C' },
      channel: 'web',
      now: new Date('2025-03-01T02:30:00Z'),
      timeZone: 'Not/AZone',
    });
    expect([values.current_date, values.current_time]).toEqual(['2025-03-01', '02:30']);
  });
});
