import { approverWhatsAppSchema } from '@renum/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Save } from 'lucide-react';
import { useEffect } from 'react';
import { z } from 'zod';
import { useI18n } from '../../i18n/i18n.tsx';
import { useZodForm } from '../../lib/use-zod-form.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { useToast } from '../../ui/toast.tsx';
import { FormError } from '../auth/form-error.tsx';

/** An empty field removes the number; otherwise the contract's own check. */
const formSchema = z.preprocess((values) => {
  const number = (values as { whatsapp_number: string }).whatsapp_number.trim();
  return { whatsapp_number: number === '' ? null : number };
}, approverWhatsAppSchema);

/** The signed-in person's WhatsApp number, where approval requests they may decide are sent. */
export function ApproverNumberForm() {
  const { t } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const current = useQuery({
    queryKey: ['me', 'whatsapp'],
    queryFn: ({ signal }) => client.whatsapp.approverNumber({ signal }),
  });
  const form = useZodForm(formSchema, { whatsapp_number: '' });
  const { setValues } = form;
  const saved = current.data?.whatsapp_number;
  useEffect(() => {
    if (saved) setValues({ whatsapp_number: `+${saved}` });
  }, [saved, setValues]);
  return (
    <form
      noValidate
      className="flex flex-col gap-3 sm:flex-row sm:items-end"
      onSubmit={form.handleSubmit(async (input) => {
        await client.whatsapp.setApproverNumber(input.whatsapp_number);
        await queryClient.invalidateQueries({ queryKey: ['me', 'whatsapp'] });
        toast({ title: t('whatsapp.approverSaved'), tone: 'success' });
      })}
    >
      <FormError message={form.formError} />
      <Field
        className="sm:flex-1"
        label={t('whatsapp.approverNumber')}
        error={form.errors.whatsapp_number}
        hint={t('whatsapp.approverHint')}
      >
        <Input
          {...form.register('whatsapp_number')}
          inputMode="tel"
          autoComplete="tel"
          placeholder="+55 11 99999-8888"
        />
      </Field>
      <Button icon={Save} type="submit" variant="secondary" busy={form.submitting}>
        {t('common.save')}
      </Button>
    </form>
  );
}
