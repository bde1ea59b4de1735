import { useState } from 'react';
import { fieldMessage, problemMessage } from '../i18n/problems.js';
import type { Lang } from '../i18n/strings.js';
import { ApiProblem } from '../lib/problem.js';

/** Submitting state and the problem of a form, in the reader's language. */
export function useForm(lang: Lang) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const fields = problem?.byField() ?? {};
  return {
    busy,
    /** The form-level message, or undefined. */
    message: problem ? problemMessage(problem, lang) : undefined,
    errorOf: (name: string) => fieldMessage(fields[name], lang),
    async run(work: () => Promise<void>) {
      setBusy(true);
      setProblem(undefined);
      try {
        await work();
      } catch (error) {
        setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, String(error)));
      } finally {
        setBusy(false);
      }
    },
  };
}
