import type { ReactNode } from 'react';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { FormError } from './form-error.tsx';

/**
 * The console's "create, or edit this one" form in a dialog opened by its button: a primary button to
 * create, a small secondary one to edit a row. `onOpen` resets the form before it shows.
 */
export function EditorDialog(props: {
  editing: boolean;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onOpen: () => void;
  buttonLabel: string;
  /** The button's accessible name when its text alone is ambiguous (one Edit per row). */
  buttonAriaLabel?: string | undefined;
  title: string;
  submitLabel: string;
  onSubmit: () => void;
  error: unknown;
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <>
      <Button
        variant={props.editing ? 'secondary' : 'primary'}
        size={props.editing ? 'sm' : 'md'}
        aria-label={props.buttonAriaLabel}
        onClick={() => {
          props.onOpen();
          props.onOpenChange(true);
        }}
      >
        {props.buttonLabel}
      </Button>
      <Dialog open={props.open} onOpenChange={props.onOpenChange} title={props.title}>
        <form
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            props.onSubmit();
          }}
        >
          {props.children}
          <FormError error={props.error} />
          <Button type="submit" busy={props.busy}>
            {props.submitLabel}
          </Button>
        </form>
      </Dialog>
    </>
  );
}
