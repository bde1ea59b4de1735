import { type InputHTMLAttributes, useId } from 'react';

/** A labelled input with its error under it, tied together for screen readers. */
export function Field({
  label,
  error,
  hint,
  ...input
}: { label: string; error?: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={`${id}-note`} {...input} />
      <small id={`${id}-note`} className={error ? 'note error' : 'note muted'}>
        {error ?? hint}
      </small>
    </div>
  );
}
