import { z } from 'zod';

// API.md: 3–64 characters of a-z 0-9 -; it is the CN every CSR of the organization carries.
export const orgIdSchema = z.string().regex(/^[a-z0-9-]{3,64}$/, 'must be 3–64 characters of a-z, 0-9 and -');
export const emailSchema = z.string().trim().toLowerCase().email('must be an e-mail address').max(254);
export const passwordSchema = z.string().min(12, 'must be at least 12 characters').max(200);
export const roleSchema = z.enum(['operator', 'org_admin', 'engineer']);

export const createOrgInput = z.object({ id: orgIdSchema, name: z.string().trim().min(1).max(200) });
export const createUserInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  role: roleSchema,
  orgId: orgIdSchema.optional(),
});
export const inviteInput = z.object({ email: emailSchema, role: z.enum(['org_admin', 'engineer']).default('engineer') });
export const acceptInviteInput = z.object({ password: passwordSchema });
export const setPasswordInput = z.object({ email: emailSchema, password: passwordSchema });
export const changePasswordInput = z.object({ currentPassword: z.string().min(1, 'is required').max(200), newPassword: passwordSchema });
export const requestResetInput = z.object({ email: emailSchema });
export const completeResetInput = z.object({ password: passwordSchema });
