import { useState } from 'react';
import { App as AntApp, type FormInstance } from 'antd';
import { ApiError } from '../../api/client';
import { useRT } from './messages';
import { applyProblems, registryProblems } from './problems';

/**
 * Shows a failed save: registry problems on their fields (the rest in `loose`, for an alert), a taken household
 * number on its field, anything else as a message. For requests made with `{ silent: true }`.
 */
export function useSubmitErrors(form: FormInstance) {
  const { rt, lang } = useRT();
  const { message } = AntApp.useApp();
  const [loose, setLoose] = useState<string[]>([]);
  const show = (err: unknown) => {
    const problems = registryProblems(err);
    if (problems) {
      setLoose(applyProblems(form, problems, lang));
      void message.error(rt('hh.fixErrors'));
      return;
    }
    if (err instanceof ApiError && (err.code === 'HOUSEHOLD_NO_TAKEN' || err.code === 'HOUSEHOLD_NO_UNAVAILABLE')) {
      form.setFields([{ name: 'householdNo', errors: [err.message] }]);
      form.scrollToField('householdNo');
      return;
    }
    if (err instanceof ApiError && err.status !== 0) setLoose([err.message]);
    if (err instanceof ApiError) void message.error(err.message);
  };
  return { loose, setLoose, show };
}
