import type { AuditEvent } from '../../storage/records.js';
import { formatDate } from './components.js';

/** Audit events as the Audit Log and the operator's server-wide list show them (stacked at 390 px). */
export function AuditEventTable({ events }: { events: readonly AuditEvent[] }) {
  return (
    <div class="table-wrap">
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td data-label="When">{formatDate(e.createdAt)}</td>
              <td data-label="Actor">{e.actor}</td>
              <td data-label="Action">
                <code>{e.action}</code>
              </td>
              <td data-label="Target">
                <code>{e.target}</code>
              </td>
              <td data-label="From">{e.sourceIp}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
