import type { Role } from '../domain/permissions';
import { toggledRole } from '../domain/user-accounts';
import { useI18n } from '../i18n/i18n-context';

interface RoleChoicesProps {
  offered: readonly Role[];
  held: readonly Role[];
  onChange(roles: Role[]): void;
  /** Why the choice is refused (none ticked), when it is. */
  problem?: string;
}

/** The roles an account may be given, as checkboxes in the role table's order. */
export function RoleChoices({ offered, held, onChange, problem }: RoleChoicesProps) {
  const { t } = useI18n();
  return (
    <fieldset className="role-choices" aria-invalid={problem !== undefined} data-testid="role-choices">
      <legend>{t('users.roles')}</legend>
      {offered.map((role) => (
        <label key={role} className="checkbox">
          <input type="checkbox" data-testid="role-choice" data-role={role} checked={held.includes(role)} onChange={(event) => onChange(toggledRole(held, role, event.target.checked))} />
          {t(`role.${role}`)}
        </label>
      ))}
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
