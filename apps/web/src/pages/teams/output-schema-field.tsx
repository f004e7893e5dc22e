import type { WorkflowStep } from '@renum/contracts';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Field } from '../../ui/field.tsx';
import { Textarea } from '../../ui/input.tsx';
import { parseOutputSchema, showOutputSchema } from './team-draft.ts';

/** What the output schema field edits: one step's schema, and the server's problem with it, if any. */
interface OutputSchemaFieldProps {
  schema: WorkflowStep['output_schema'];
  /** The step's agent: the field starts again from the draft when its step is another (moved, removed). */
  agentId: string;
  serverError: string | undefined;
  /** A new schema (`undefined`: none), called only with text that is empty or a JSON object. */
  onChange(schema: Record<string, unknown> | undefined): void;
}

/**
 * A step's `output_schema` as JSON text. The draft holds the last valid value; while the text is not a
 * JSON object the textarea is invalid (`setCustomValidity`), so the builder's form is not submitted and
 * the error shows on this step once the person leaves the field or tries to save.
 */
export function OutputSchemaField({ schema, agentId, serverError, onChange }: OutputSchemaFieldProps) {
  const { t } = useI18n();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [editor, setEditor] = useState(() => ({
    schema,
    agentId,
    text: showOutputSchema(schema),
    invalid: false,
    shown: false,
  }));
  // Another schema from outside this field (a loaded team, a moved step): show it, forget the typed text.
  if (editor.schema !== schema || editor.agentId !== agentId)
    setEditor({ schema, agentId, text: showOutputSchema(schema), invalid: false, shown: false });
  const message = t('teams.outputSchemaInvalid');
  useEffect(() => {
    textarea.current?.setCustomValidity(editor.invalid ? message : '');
  }, [editor.invalid, message]);
  return (
    <Field
      label={t('teams.outputSchema')}
      hint={t('teams.outputSchemaHint')}
      error={editor.invalid && editor.shown ? message : serverError}
    >
      <Textarea
        ref={textarea}
        value={editor.text}
        spellCheck={false}
        className="font-mono text-xs"
        onBlur={() => setEditor((old) => ({ ...old, shown: true }))}
        onInvalid={() => setEditor((old) => ({ ...old, shown: true }))}
        onChange={(event) => {
          const text = event.target.value;
          const parsed = parseOutputSchema(text);
          if (!parsed.valid) {
            setEditor((old) => ({ ...old, text, invalid: true }));
            return;
          }
          setEditor({ schema: parsed.schema, agentId, text, invalid: false, shown: false });
          onChange(parsed.schema);
        }}
      />
    </Field>
  );
}
