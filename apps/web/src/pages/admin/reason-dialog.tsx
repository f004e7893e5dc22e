import { type ReactNode, useState } from 'react';
import { Button, type ButtonVariant } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/field.tsx';
import { Textarea } from '../../ui/input.tsx';
import { FormError } from './form-error.tsx';

/** Props of {@link ReasonDialog}. */
export interface ReasonDialogProps {
  /** The button that opens the dialog. */
  trigger: { label: string; variant: ButtonVariant };
  title: string;
  description: string;
  reasonLabel: string;
  submit: { label: string; variant?: ButtonVariant };
  /** The action the reason is for (a mutation): its error is shown, `busy` holds the button. */
  action: { run(reason: string): void; reset(): void; error: unknown; busy: boolean };
  open: boolean;
  onOpenChange(open: boolean): void;
  /** Fields the action takes besides the reason, shown above it (their state is the caller's). */
  children?: ReactNode;
  /** False while those fields cannot be sent: the submit button waits. @defaultValue true */
  ready?: boolean;
}

/**
 * An admin action that needs a reason the audit keeps (suspend, reactivate, view as, prompt logging): its
 * button, and a dialog asking for the reason (required, up to 500 characters), after any fields of the
 * action's own, with the action's error.
 */
export function ReasonDialog(props: ReasonDialogProps) {
  const [reason, setReason] = useState('');
  const { action } = props;
  return (
    <>
      <Button
        variant={props.trigger.variant}
        onClick={() => {
          setReason('');
          action.reset();
          props.onOpenChange(true);
        }}
      >
        {props.trigger.label}
      </Button>
      <Dialog
        open={props.open}
        onOpenChange={props.onOpenChange}
        title={props.title}
        description={props.description}
      >
        <form
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            action.run(reason);
          }}
        >
          {props.children}
          <Field label={props.reasonLabel} required>
            <Textarea
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              required
              maxLength={500}
            />
          </Field>
          <FormError error={action.error} />
          <Button
            type="submit"
            variant={props.submit.variant ?? 'primary'}
            busy={action.busy}
            disabled={!reason.trim() || props.ready === false}
          >
            {props.submit.label}
          </Button>
        </form>
      </Dialog>
    </>
  );
}
