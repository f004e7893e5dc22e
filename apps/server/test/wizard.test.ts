import { testDatabaseTargets } from '@renum/testing';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

// Postgres: two publishes really race on two connections (PGlite has one).
const target = testDatabaseTargets()[1]!;

// jsqr is CommonJS whose export also carries itself as `default`; its types describe only that one.
const jsQR = jsQRModule.default;

/** The text a QR code PNG data URL holds, read with a real QR decoder. */
function decodeQr(dataUrl: string): string | null {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

const step1 = { name: 'Clínica Sorriso', template: 'scheduling', niche: 'clínica odontológica' };
const step2 = { personality: ['paciente', 'empática'], tone: 'friendly', language: 'pt-BR' };
const step3 = {
  fields: [
    { key: 'opening_hours', label: 'Horário', value: 'seg a sex, 8h às 18h' },
    { key: 'address', label: 'Endereço', value: 'Rua das Flores, 10' },
  ],
};
const step4 = { channel: 'web', tools: [{ name: 'current_time' }], is_public: true };

describe.skipIf(target.skipReason !== null)('the agent wizard (seed 003 flow 1)', () => {
  let t: TestApp;
  let owner: TestSession;
  beforeAll(async () => {
    t = await createTestApp(target);
    owner = await t.signup();
  });
  afterAll(async () => t?.close());

  const call = (method: 'POST' | 'PUT' | 'GET' | 'DELETE', url: string, body?: unknown, token?: string) =>
    t.request({ method, url, body, token: token ?? owner.accessToken });
  const start = async (token?: string) => {
    const response = await call('POST', '/v1/agents/wizard/start', { language: 'pt-BR' }, token);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().wizard_id as string;
  };
  const save = (id: string, step: number, body: unknown, token?: string) =>
    call('PUT', `/v1/agents/wizard/${id}/step/${step}`, body, token);
  const completeWizard = async (overrides: { name?: string } = {}) => {
    const id = await start();
    for (const [step, body] of [
      [1, { ...step1, ...overrides }],
      [2, step2],
      [3, step3],
      [4, step4],
    ] as const) {
      const saved = await save(id, step, body);
      expect(saved.statusCode, saved.body).toBe(200);
    }
    return id;
  };

  it('goes from start to publish: draft, four steps, sandbox answer, public URL and a QR code of it', async () => {
    const id = await start();
    const started = (await call('GET', `/v1/agents/wizard/${id}`)).json();
    expect(started).toMatchObject({ agent: { status: 'draft', id }, completed_steps: [] });
    expect(started.missing_steps).toEqual([1, 2, 4]);

    const afterStep1 = (await save(id, 1, step1)).json();
    expect(afterStep1.agent).toMatchObject({ name: 'Clínica Sorriso', template_type: 'scheduling' });
    expect(afterStep1.agent.config.step_1_data).toEqual(step1);

    const afterStep2 = (await save(id, 2, step2)).json();
    expect(afterStep2.agent.system_prompt).toContain('Você é {{agent.name}}');
    expect(afterStep2.agent.system_prompt).toContain('paciente, empática');
    expect(afterStep2.agent.system_prompt).toContain('agendar');

    const afterStep3 = (await save(id, 3, step3)).json();
    expect(afterStep3.agent.config).toMatchObject({ opening_hours: 'seg a sex, 8h às 18h' });
    expect(afterStep3.agent.system_prompt).toContain('- Horário: {{config.opening_hours}}');

    const afterStep4 = (await save(id, 4, step4)).json();
    expect(afterStep4).toMatchObject({ completed_steps: [1, 2, 3, 4], missing_steps: [] });
    expect(afterStep4.agent).toMatchObject({ channel: 'web', status: 'draft', is_public: false });

    // The sandbox: the draft answers before it is published.
    const conversationId = await t.openConversation(owner.accessToken, id);
    const answer = await t.ask(owner.accessToken, conversationId, 'Qual o horário de vocês?');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('event: content');
    expect(answer.body).toContain('event: complete');

    const published = await call('POST', `/v1/agents/wizard/${id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    const publication = published.json();
    expect(publication.agent).toMatchObject({ status: 'active', is_public: true });
    expect(publication.slug).toMatch(/^clinica-sorriso(-[0-9a-f]{6})?$/);
    expect(publication.public_url).toBe(`http://localhost:3000/a/${publication.slug}`);
    expect(decodeQr(publication.qr_code.png)).toBe(publication.public_url);
    expect(publication.qr_code.svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(publication.embed_snippet).toBe(
      `<script src="http://localhost:3000/widget.js" data-agent="${publication.slug}" async></script>`,
    );
    // Published again (after a step is revisited), the link and QR code stay the same.
    await save(id, 1, { ...step1, name: 'Clínica Sorriso Centro' });
    const again = (await call('POST', `/v1/agents/wizard/${id}/publish`)).json();
    expect(again.slug).toBe(publication.slug);
    expect((await call('GET', `/v1/agents/${id}/publication`)).json().public_url).toBe(
      publication.public_url,
    );
  });

  it('answers field-level errors and changes nothing on bad input', async () => {
    const id = await start();
    await save(id, 1, step1);
    const before = (await call('GET', `/v1/agents/wizard/${id}`)).json().agent;

    const badName = await save(id, 1, { ...step1, name: '', template: 'nope' });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().code).toBe('VALIDATION_ERROR');
    expect(
      badName
        .json()
        .details.map((detail: { field: string }) => detail.field)
        .sort(),
    ).toEqual(['body.name', 'body.template']);

    const badVariable = await save(id, 2, { ...step2, instructions: 'Cite {{config.desconhecido}}' });
    expect(badVariable.statusCode).toBe(400);
    expect(badVariable.json().details).toEqual([expect.objectContaining({ field: 'body.instructions' })]);

    const reserved = await save(id, 3, { fields: [{ key: 'step_1_data', label: 'x', value: 'y' }] });
    expect(reserved.json().details).toEqual([expect.objectContaining({ field: 'body.fields.0.key' })]);
    const twice = await save(id, 3, {
      fields: [
        { key: 'a', label: 'A', value: '1' },
        { key: 'a', label: 'A', value: '2' },
      ],
    });
    expect(twice.statusCode).toBe(400);

    const unknownBase = await save(id, 4, { ...step4, knowledge_base_ids: [crypto.randomUUID()] });
    expect(unknownBase.json().details).toEqual([
      expect.objectContaining({ field: 'body.knowledge_base_ids.0', message: 'no such knowledge base' }),
    ]);
    const unknownCredential = await save(id, 4, {
      ...step4,
      channel: 'whatsapp',
      whatsapp: { credential_id: crypto.randomUUID(), phone_number_id: '123', verify_token: 'segredo-123' },
    });
    expect(unknownCredential.json().details).toEqual([
      expect.objectContaining({ field: 'body.whatsapp.credential_id' }),
    ]);
    const badOrigin = await save(id, 4, { ...step4, allowed_origins: ['javascript:alert(1)'] });
    expect(badOrigin.json().details[0].field).toBe('body.allowed_origins.0');

    expect((await call('GET', `/v1/agents/wizard/${id}`)).json().agent).toEqual(before);
  });

  it('keeps the prompt variables in step with revisited custom fields', async () => {
    const id = await completeWizard();
    const revised = (
      await save(id, 3, { fields: [{ key: 'phone', label: 'Telefone', value: '11 5555' }] })
    ).json().agent;
    expect(revised.config.phone).toBe('11 5555');
    expect(revised.config).not.toHaveProperty('opening_hours');
    expect(revised.system_prompt).toContain('{{config.phone}}');
    expect(revised.system_prompt).not.toContain('opening_hours');
    const english = (await save(id, 2, { ...step2, language: 'en' })).json().agent;
    expect(english.system_prompt).toContain('You are {{agent.name}}');
  });

  it('refuses to publish what cannot be published, with the reason', async () => {
    const incomplete = await start();
    await save(incomplete, 1, step1);
    const missing = await call('POST', `/v1/agents/wizard/${incomplete}/publish`);
    expect(missing.statusCode).toBe(409);
    expect(missing.json()).toMatchObject({ code: 'AGENT_NOT_PUBLISHABLE', missing_steps: [2, 4] });

    const sms = await completeWizard();
    await save(sms, 4, { ...step4, channel: 'sms' });
    const refused = await call('POST', `/v1/agents/wizard/${sms}/publish`);
    expect(refused.json()).toMatchObject({ code: 'CHANNEL_NOT_AVAILABLE', channel: 'sms' });

    const whatsapp = await completeWizard();
    await save(whatsapp, 4, { ...step4, channel: 'whatsapp' });
    const noNumber = await call('POST', `/v1/agents/wizard/${whatsapp}/publish`);
    expect(noNumber.json()).toMatchObject({ code: 'AGENT_NOT_PUBLISHABLE' });
    expect(noNumber.json().details[0].field).toBe('whatsapp');

    const credential = await call('POST', '/v1/credentials', {
      service: 'whatsapp',
      name: 'Número da clínica',
      secret: { access_token: 'EAAG-test-token', phone_number_id: '1098765' },
    });
    expect(credential.statusCode, credential.body).toBe(201);
    const number = {
      credential_id: credential.json().id,
      phone_number_id: '1098765',
      verify_token: 'token-123',
    };
    expect((await save(whatsapp, 4, { ...step4, channel: 'whatsapp', whatsapp: number })).statusCode).toBe(
      200,
    );
    await call('DELETE', `/v1/credentials/${credential.json().id}`);
    const gone = await call('POST', `/v1/agents/wizard/${whatsapp}/publish`);
    expect(gone.json().details[0].field).toBe('whatsapp.credential_id');

    for (const id of [incomplete, sms, whatsapp]) {
      expect((await call('GET', `/v1/agents/${id}`)).json().status).toBe('draft');
    }
  });

  it('gives two agents named alike and published at once different slugs', async () => {
    const name = `Loja ${crypto.randomUUID().slice(0, 8)}`;
    const [first, second] = await Promise.all([completeWizard({ name }), completeWizard({ name })]);
    const [a, b] = await Promise.all([
      call('POST', `/v1/agents/wizard/${first}/publish`),
      call('POST', `/v1/agents/wizard/${second}/publish`),
    ]);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    expect(new Set([a.json().slug, b.json().slug]).size).toBe(2);
    expect([a.json().slug, b.json().slug]).toContain(name.toLowerCase().replace(' ', '-'));
  });

  it("answers 404 for another client's wizard and changes nothing", async () => {
    const id = await completeWizard();
    const other = await t.signup();
    for (const response of [
      await call('GET', `/v1/agents/wizard/${id}`, undefined, other.accessToken),
      await save(id, 1, step1, other.accessToken),
      await call('POST', `/v1/agents/wizard/${id}/publish`, undefined, other.accessToken),
      await call('GET', `/v1/agents/${id}/publication`, undefined, other.accessToken),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('AGENT_NOT_FOUND');
    }
    expect((await call('GET', `/v1/agents/${id}`)).json().status).toBe('draft');
  });
});
