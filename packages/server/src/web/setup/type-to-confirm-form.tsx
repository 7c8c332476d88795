import { type FieldErrors, TextField } from './components.js';
import { CsrfField } from './layout.js';

/** A destructive action's form: the user types the thing's name (Marketing Cloud's delete dialogs). */
export function TypeToConfirmForm(props: {
  action: string;
  csrfToken: string;
  /** What to type, as the label names it: `the package name (Orders sync)`. */
  what: string;
  errors: FieldErrors;
  maxLength: number;
  submitLabel: string;
  cancelHref: string;
}) {
  return (
    <form method="post" action={props.action}>
      <CsrfField token={props.csrfToken} />
      <TextField
        name="confirm"
        label={`Type ${props.what} to confirm`}
        errors={props.errors}
        required
        maxLength={props.maxLength}
        autocomplete="off"
      />
      <div class="actions">
        <button type="submit" class="danger">
          {props.submitLabel}
        </button>
        <a class="button" href={props.cancelHref}>
          Cancel
        </a>
      </div>
    </form>
  );
}
