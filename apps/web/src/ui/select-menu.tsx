import { Check, ChevronDown } from 'lucide-react';
import { Select as RadixSelect } from 'radix-ui';
import { type ChangeEvent, Children, isValidElement, memo, type ReactElement, type ReactNode } from 'react';
import { cx } from './class-names.ts';

/** One choice of a {@link SelectMenu}, read from an `<option>`. */
interface Choice {
  value: string;
  label: string;
  disabled: boolean;
}

/** Choices under an `<optgroup>`'s label (`label` is undefined for loose options). */
interface ChoiceGroup {
  label: string | undefined;
  choices: Choice[];
}

// Radix refuses an item whose value is the empty string (it means "no value" there); a native
// `<option value="">` ("none", "any") is mapped to this stand-in and back.
const emptyValue = '\u0000empty';

type OptionProps = { value?: string | number; disabled?: boolean; children?: ReactNode; label?: string };

function textOf(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return '';
}

function toChoice(option: ReactElement<OptionProps>): Choice {
  const label = textOf(option.props.children);
  return { value: String(option.props.value ?? label), label, disabled: option.props.disabled === true };
}

/** Reads `<option>` and `<optgroup>` children (through fragments and arrays) into groups of choices. */
function readChoices(children: ReactNode): ChoiceGroup[] {
  const groups: ChoiceGroup[] = [];
  const loose = (): ChoiceGroup => {
    const last = groups.at(-1);
    if (last && last.label === undefined) return last;
    const group: ChoiceGroup = { label: undefined, choices: [] };
    groups.push(group);
    return group;
  };
  for (const child of Children.toArray(children)) {
    if (!isValidElement<OptionProps>(child)) continue;
    if (child.type === 'option') loose().choices.push(toChoice(child));
    else if (child.type === 'optgroup')
      groups.push({
        label: child.props.label,
        choices: Children.toArray(child.props.children)
          .filter((option): option is ReactElement<OptionProps> => isValidElement(option))
          .map(toChoice),
      });
  }
  return groups;
}

/** Props of {@link SelectMenu}: those of a native `<select>` that the builder's forms use. */
export interface SelectMenuProps {
  id?: string;
  name?: string;
  value: string;
  /** Called like a native select's handler: only `event.target.value` and `.name` are set. */
  onChange?: (event: ChangeEvent<HTMLSelectElement>) => void;
  onValueChange?: (value: string) => void;
  /** `<option>`s, optionally in `<optgroup>`s, as for a native select. */
  children: ReactNode;
  disabled?: boolean;
  required?: boolean;
  className?: string;
  /** Shown when the value matches no option. */
  placeholder?: string;
  'aria-label'?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  'aria-required'?: boolean;
  'data-testid'?: string;
}

const trigger =
  'flex h-10 w-full items-center justify-between gap-2 rounded-md border border-border bg-surface-raised px-3 ' +
  'text-left text-sm text-text aria-[invalid=true]:border-danger disabled:opacity-60 ' +
  'data-[placeholder]:text-text-muted';
const item =
  'relative flex cursor-default select-none items-center rounded py-2 pl-8 pr-3 text-sm text-text outline-none ' +
  'data-[highlighted]:bg-primary/10 data-[disabled]:opacity-50';

/**
 * A styled, accessible select (Radix Select: a combobox button and a listbox, typeahead, arrow keys,
 * Escape), written like a native one: `<SelectMenu value onChange><option value="a">A</option>…`. Inside
 * a form with a `name` it also renders a hidden native select, so the form's data and `required` work.
 */
export function SelectMenu({
  id,
  name,
  value,
  onChange,
  onValueChange,
  children,
  disabled,
  required,
  className,
  placeholder,
  ...aria
}: SelectMenuProps) {
  const groups = readChoices(children);
  const known = groups.some((group) => group.choices.some((choice) => choice.value === value));
  const change = (picked: string) => {
    const next = picked === emptyValue ? '' : picked;
    onValueChange?.(next);
    onChange?.({ target: { name, value: next }, currentTarget: { name, value: next } } as never);
  };
  return (
    <RadixSelect.Root
      {...(known ? { value: value === '' ? emptyValue : value } : { value: '' })}
      onValueChange={change}
      {...(name === undefined ? {} : { name })}
      {...(disabled === undefined ? {} : { disabled })}
      {...(required === undefined ? {} : { required })}
    >
      <RadixSelect.Trigger id={id} className={cx(trigger, className)} {...aria}>
        <RadixSelect.Value {...(placeholder === undefined ? {} : { placeholder })} />
        <RadixSelect.Icon>
          <ChevronDown aria-hidden="true" className="h-4 w-4 shrink-0 text-text-muted" />
        </RadixSelect.Icon>
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content
          position="popper"
          sideOffset={4}
          className="z-50 max-h-[min(24rem,var(--radix-select-content-available-height))] min-w-[var(--radix-select-trigger-width)] overflow-hidden rounded-md border border-border bg-surface-raised shadow-lg"
        >
          <RadixSelect.Viewport className="p-1">
            <ChoiceList groups={groups} />
          </RadixSelect.Viewport>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  );
}

/** Same choices: same groups, labels, values and disabled flags. */
function sameChoices(before: { groups: ChoiceGroup[] }, after: { groups: ChoiceGroup[] }): boolean {
  return (
    before.groups.length === after.groups.length &&
    before.groups.every((group, at) => {
      const other = after.groups[at]!;
      return (
        group.label === other.label &&
        group.choices.length === other.choices.length &&
        group.choices.every(
          (choice, index) =>
            choice.value === other.choices[index]!.value &&
            choice.label === other.choices[index]!.label &&
            choice.disabled === other.choices[index]!.disabled,
        )
      );
    })
  );
}

/**
 * The items, memoised on what they show: Radix renders a closed select's items too (its value reads the
 * picked item's text), so without this every re-render of a form re-rendered every item of every select.
 */
const ChoiceList = memo(function ChoiceList({ groups }: { groups: ChoiceGroup[] }) {
  return groups.map((group, index) => (
    <ChoiceGroupView key={group.label ?? `loose-${index}`} group={group} />
  ));
}, sameChoices);

function ChoiceGroupView({ group }: { group: ChoiceGroup }) {
  const items = group.choices.map((choice) => (
    <RadixSelect.Item
      key={choice.value}
      value={choice.value === '' ? emptyValue : choice.value}
      disabled={choice.disabled}
      className={item}
    >
      <RadixSelect.ItemIndicator className="absolute left-2 inline-flex items-center">
        <Check aria-hidden="true" className="h-4 w-4 text-primary" />
      </RadixSelect.ItemIndicator>
      <RadixSelect.ItemText>{choice.label}</RadixSelect.ItemText>
    </RadixSelect.Item>
  ));
  if (group.label === undefined) return <>{items}</>;
  return (
    <RadixSelect.Group>
      <RadixSelect.Label className="px-3 py-1.5 text-xs font-semibold text-text-muted">
        {group.label}
      </RadixSelect.Label>
      {items}
    </RadixSelect.Group>
  );
}
