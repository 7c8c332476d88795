import type { ComponentChildren } from 'preact';
import type { BusinessUnit } from '../../storage/records.js';
import { FieldError, type FieldErrors, TextField } from './components.js';

/**
 * What a new package, Data Extension or business unit is asked first: its name, and the business
 * unit it goes in. A form's own fields between the two (a description, an external key) are the
 * children, so every such form reads in the same order.
 */
export function NameAndBusinessUnitFields(props: {
  name: string;
  nameMaxLength: number;
  autofocus?: boolean;
  /** The select's form field (`mid`, `parentMid`), its label and hint. */
  unitField: string;
  unitLabel: string;
  unitHint?: string;
  units: readonly BusinessUnit[];
  selected: number | undefined;
  errors: FieldErrors;
  children?: ComponentChildren;
}) {
  return (
    <>
      <TextField
        name="name"
        label="Name"
        value={props.name}
        errors={props.errors}
        required
        maxLength={props.nameMaxLength}
        autofocus={props.autofocus}
      />
      {props.children}
      <BusinessUnitSelect
        name={props.unitField}
        label={props.unitLabel}
        units={props.units}
        selected={props.selected}
        errors={props.errors}
        hint={props.unitHint}
      />
    </>
  );
}

export function BusinessUnitSelect(props: {
  name: string;
  label: string;
  units: readonly BusinessUnit[];
  selected: number | undefined;
  errors?: FieldErrors | undefined;
  hint?: string | undefined;
}) {
  const id = `f-${props.name}`;
  const error = props.errors?.[props.name];
  return (
    <div>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {props.units.map((bu) => (
          <option key={bu.mid} value={String(bu.mid)} selected={bu.mid === props.selected}>
            {`${bu.name} (MID ${bu.mid})`}
          </option>
        ))}
      </select>
      {props.hint && <p class="field-hint">{props.hint}</p>}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
