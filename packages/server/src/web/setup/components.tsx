import type { ComponentChildren } from 'preact';

/** Field-level errors by field name, shown next to the field (and announced). */
export type FieldErrors = Readonly<Record<string, string>>;

export function TextField(props: {
  name: string;
  label: string;
  value?: string | undefined;
  errors?: FieldErrors | undefined;
  hint?: string;
  type?: 'text' | 'password' | 'email' | 'search' | 'number';
  required?: boolean;
  maxLength?: number;
  autocomplete?: string;
  autofocus?: boolean;
}) {
  const id = `f-${props.name}`;
  const error = props.errors?.[props.name];
  const describedBy = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div>
      <label for={id}>{props.label}</label>
      <input
        // The union of input types defeats preact's per-type attribute typing.
        type={(props.type ?? 'text') as 'text'}
        id={id}
        name={props.name}
        value={props.value ?? ''}
        required={props.required}
        maxLength={props.maxLength}
        autocomplete={props.autocomplete}
        autofocus={props.autofocus}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
      {props.hint && (
        <p class="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function TextArea(props: {
  name: string;
  label: string;
  value?: string | undefined;
  errors?: FieldErrors | undefined;
  hint?: string;
  maxLength?: number;
}) {
  const id = `f-${props.name}`;
  const error = props.errors?.[props.name];
  const describedBy = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        maxLength={props.maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      >
        {props.value ?? ''}
      </textarea>
      {props.hint && (
        <p class="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function FieldError(props: { id: string; message: string | undefined }) {
  if (!props.message) return null;
  return (
    <p class="field-error" id={props.id} role="alert">
      {props.message}
    </p>
  );
}

export function Notice(props: { kind: 'ok' | 'warn' | 'error'; children: ComponentChildren }) {
  return (
    <div class={`notice ${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

/** A read-only value with a Copy button (the button appears only when the script runs). */
export function CopyValue(props: { id: string; label: string; value: string }) {
  return (
    <div class="copy">
      <input type="text" id={props.id} value={props.value} readOnly aria-label={props.label} />
      <button type="button" data-copy={props.id} hidden aria-label={`Copy ${props.label}`}>
        Copy
      </button>
    </div>
  );
}

export function Tabs(props: { items: ReadonlyArray<readonly [string, string]>; current: string }) {
  return (
    <nav aria-label="Package">
      <ul class="tabs">
        {props.items.map(([label, href]) => (
          <li key={href}>
            <a href={href} aria-current={label === props.current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export const formatDate = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
