import { Role } from '@justfit/events';

export { Role };
export const ROLES = Role.options;

/** What each role holds besides itself: admin holds every role; operator and approver each read like a viewer. */
const IMPLIED: Record<Role, readonly Role[]> = {
  viewer: [],
  operator: ['viewer'],
  approver: ['viewer'],
  admin: ['viewer', 'operator', 'approver'],
};

/** Whether someone with `roles` may do what needs `required`. */
export function holdsRole(roles: readonly Role[], required: Role): boolean {
  return roles.some((role) => role === required || IMPLIED[role].includes(required));
}
