/** One line of the setup checklist. `fix` says what to change when the status is fail or warn. */
export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly status: 'pass' | 'warn' | 'fail' | 'skip';
  readonly detail: string;
  readonly fix?: string;
}

export const check = (
  id: string,
  title: string,
  status: CheckResult['status'],
  detail: string,
  fix?: string,
): CheckResult => ({ id, title, status, detail, ...(fix ? { fix } : {}) });
