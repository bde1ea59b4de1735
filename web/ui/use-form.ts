import { useMutation } from '@tanstack/react-query';
import { fieldMessage, problemMessage } from '../i18n/problems.js';
import type { Lang } from '../i18n/strings.js';
import { ApiProblem } from '../lib/problem.js';

/**
 * A form's write (a TanStack mutation): its submitting state and its problem, in the reader's
 * language. `run` takes the write to make, typically one or more API calls and the invalidation
 * of the queries they change.
 */
export function useForm(lang: Lang) {
  const mutation = useMutation<void, unknown, () => Promise<void>>({ mutationFn: (work) => work() });
  const error = mutation.error;
  const problem = error ? (error instanceof ApiProblem ? error : new ApiProblem(0, String(error))) : undefined;
  const fields = problem?.byField() ?? {};
  return {
    busy: mutation.isPending,
    /** The form-level message, or undefined. */
    message: problem ? problemMessage(problem, lang) : undefined,
    errorOf: (name: string) => fieldMessage(fields[name], lang),
    async run(work: () => Promise<void>) {
      try {
        await mutation.mutateAsync(work);
      } catch {
        // shown through `message` and `errorOf`
      }
    },
  };
}
