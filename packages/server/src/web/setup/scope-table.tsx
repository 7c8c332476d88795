import { SCOPE_CATALOGUE, type ScopeDefinition } from '../../setup/scopes/scope-catalogue.js';
import type { IntegrationType } from '../../storage/records.js';
import type { FieldErrors } from './components.js';

const COLUMNS = ['Read', 'Write', 'Send'] as const;

/** Which column a scope sits in: `_read` Read, `_write` Write, `_send` Send; the rest by name. */
function columnOf(id: string): (typeof COLUMNS)[number] | undefined {
  if (id.endsWith('_read')) return 'Read';
  if (id.endsWith('_write')) return 'Write';
  if (id.endsWith('_send')) return 'Send';
  return undefined;
}

/** The words of a scope id after what all ids of its row share: `journeys_execute` → "Execute". */
function otherLabel(s: ScopeDefinition, row: readonly ScopeDefinition[]): string {
  if (s.id === 'offline') return 'Offline Access';
  const parts = row.map((x) => x.id.split('_'));
  let shared = 0;
  while (parts.every((p) => p[shared] === parts[0]?.[shared]) && shared < (parts[0]?.length ?? 0) - 1)
    shared++;
  return s.id
    .split('_')
    .slice(row.length > 1 ? shared : -1)
    .map((w) => (w === 'aspr' ? 'ASPR' : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
}

/**
 * A row's scopes in the Read / Write / Send columns; when a row has two of one kind (Deep
 * Linking: asset and settings), every scope of the row is listed under Other by its own words.
 */
function placeScopes(row: readonly ScopeDefinition[]) {
  const kinds = row.map((s) => columnOf(s.id)).filter((c) => c !== undefined);
  const columned = new Set(kinds).size === kinds.length;
  return {
    inColumn: (c: (typeof COLUMNS)[number]) => (columned ? row.find((s) => columnOf(s.id) === c) : undefined),
    others: columned ? row.filter((s) => !columnOf(s.id)) : [...row],
  };
}

interface Row {
  readonly group: string;
  readonly item: string;
  readonly scopes: readonly ScopeDefinition[];
}

function rows(): Row[] {
  const out: Row[] = [];
  for (const s of SCOPE_CATALOGUE) {
    const last = out.at(-1);
    if (last && last.group === s.group && last.item === s.item) (last.scopes as ScopeDefinition[]).push(s);
    else out.push({ group: s.group, item: s.item, scopes: [s] });
  }
  return out;
}

/**
 * Scope checkboxes grouped as Marketing Cloud's Setup shows them: product areas, a row per item,
 * Read / Write / Send columns, other permissions of the item beside them; `offline` only for
 * web and public apps.
 */
export function ScopeTable(props: {
  type: IntegrationType;
  selected: ReadonlySet<string>;
  errors?: FieldErrors | undefined;
}) {
  const all = rows().filter((r) => props.type !== 'server-to-server' || r.group !== 'Offline access');
  const error = props.errors?.scopes;
  let group = '';
  return (
    <fieldset aria-describedby={error ? 'scopes-error' : undefined}>
      <legend>Scope</legend>
      {error && (
        <p class="field-error" id="scopes-error" role="alert">
          {error}
        </p>
      )}
      <div class="table-wrap">
        <table class="scopes">
          <thead>
            <tr>
              <th scope="col">Permission</th>
              {COLUMNS.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
              <th scope="col">Other</th>
            </tr>
          </thead>
          <tbody>
            {all.flatMap((r) => {
              const header =
                r.group !== group
                  ? [
                      <tr class="group" key={`g-${r.group}`}>
                        <th scope="colgroup" colSpan={5}>
                          {r.group}
                        </th>
                      </tr>,
                    ]
                  : [];
              group = r.group;
              const { inColumn, others } = placeScopes(r.scopes);
              return [
                ...header,
                <tr key={`${r.group}-${r.item}`}>
                  <th scope="row">{r.item}</th>
                  {COLUMNS.map((c) => {
                    const s = inColumn(c);
                    return (
                      <td key={c}>
                        {s && (
                          <input
                            type="checkbox"
                            name="scopes"
                            value={s.id}
                            id={`scope-${s.id}`}
                            checked={props.selected.has(s.id)}
                            aria-label={`${r.item} ${c}`}
                          />
                        )}
                      </td>
                    );
                  })}
                  <td>
                    {others.map((s) => (
                      <label class="choice" key={s.id} for={`scope-${s.id}`}>
                        <input
                          type="checkbox"
                          name="scopes"
                          value={s.id}
                          id={`scope-${s.id}`}
                          checked={props.selected.has(s.id)}
                        />
                        {otherLabel(s, r.scopes)}
                      </label>
                    ))}
                  </td>
                </tr>,
              ];
            })}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}
