import { type WizardLanguage, type WizardState, wizardStepSchemas } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import type { z } from 'zod';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { Card } from '../../ui/card.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryState } from '../../ui/states.tsx';
import { PublishPanel } from './publish-panel.tsx';
import { SandboxPanel } from './sandbox-panel.tsx';
import { StepBasics } from './step-basics.tsx';
import { StepFields } from './step-fields.tsx';
import type { StepNavigation } from './step-footer.tsx';
import { StepIntegrations } from './step-integrations.tsx';
import { StepPersonality } from './step-personality.tsx';
import { type SaveStatus, useWizard } from './use-wizard.ts';
import { WizardProgress, type WizardScreen } from './wizard-progress.tsx';

function savedLabel(status: SaveStatus, t: ReturnType<typeof useI18n>['t']): string {
  return status === 'idle' ? '' : t(`wizard.save.${status}`);
}

/** A step as the server saved it, or undefined (not saved, or not readable by this version). */
function savedStep<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function startLanguage(state: WizardState): WizardLanguage {
  return state.agent.config.wizard_language === 'pt-BR' ? 'pt-BR' : 'en';
}

/** The 4-step wizard (seed 003 flow 1) with progress, autosave, a live prompt preview and the sandbox. */
export function WizardPage() {
  const { t } = useI18n();
  const client = useApi();
  const navigate = useNavigate();
  const { agentId } = useParams({ from: '/app/agents/wizard/$agentId' });
  const search = useSearch({ from: '/app/agents/wizard/$agentId' });
  const screen = (search.step ?? 1) as WizardScreen;
  const wizard = useWizard(agentId);
  const publication = useQuery({
    queryKey: ['publication', agentId],
    queryFn: ({ signal }) => client.wizard.publication(agentId, { signal }),
  });
  const go = (next: WizardScreen) =>
    void navigate({ to: '/agents/wizard/$agentId', params: { agentId }, search: { step: next } });
  const navigation = (at: WizardScreen): StepNavigation => ({
    onBack: at > 1 ? () => go((at - 1) as WizardScreen) : undefined,
    onNext: () => go((at + 1) as WizardScreen),
    nextLabel: at === 4 ? t('wizard.toPublish') : undefined,
  });
  return (
    <QueryState query={wizard.state}>
      {(state) => {
        const { config } = state.agent;
        return (
          <>
            <PageHeader title={t('wizard.title')} description={state.agent.name} />
            <WizardProgress current={screen} completed={state.completed_steps} onSelect={go} />
            <p role="status" className="sr-only sm:not-sr-only mb-2 text-xs text-text-muted">
              {savedLabel(wizard.status, t)}
            </p>
            <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,28rem)]">
              <Card key={screen}>
                {screen === 1 ? (
                  <StepBasics
                    initial={savedStep(wizardStepSchemas[1], config.step_1_data)}
                    save={(body) => wizard.save(1, body)}
                    navigation={navigation(1)}
                  />
                ) : null}
                {screen === 2 ? (
                  <StepPersonality
                    initial={savedStep(wizardStepSchemas[2], config.step_2_data)}
                    defaultLanguage={startLanguage(state)}
                    save={(body) => wizard.save(2, body)}
                    navigation={navigation(2)}
                  />
                ) : null}
                {screen === 3 ? (
                  <StepFields
                    initial={savedStep(wizardStepSchemas[3], config.step_3_data)}
                    save={(body) => wizard.save(3, body)}
                    navigation={navigation(3)}
                  />
                ) : null}
                {screen === 4 ? (
                  <StepIntegrations
                    initial={savedStep(wizardStepSchemas[4], config.step_4_data)}
                    save={(body) => wizard.save(4, body)}
                    navigation={navigation(4)}
                  />
                ) : null}
                {screen === 5 ? (
                  <PublishPanel state={state} publication={publication.data ?? null} onBack={() => go(4)} />
                ) : null}
              </Card>
              <aside className="flex flex-col gap-6" aria-label={t('wizard.aside')}>
                <section aria-labelledby="wizard-preview-title">
                  <h2 id="wizard-preview-title" className="mb-2 text-sm font-semibold text-text-muted">
                    {t('wizard.preview')}
                  </h2>
                  <pre className="max-h-72 overflow-auto whitespace-pre-wrap rounded-md border border-border bg-surface-muted p-3 text-xs">
                    {state.agent.system_prompt}
                  </pre>
                </section>
                <SandboxPanel agentId={agentId} />
              </aside>
            </div>
          </>
        );
      }}
    </QueryState>
  );
}
