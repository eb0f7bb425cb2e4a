import { z } from 'zod';
import { lineText } from './text';

/** POST /api/auth/sign-in and the sign-in form. */
export const signInRequest = z.strictObject({
  username: lineText().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type SignInRequest = z.infer<typeof signInRequest>;

/** The cookie that carries the sign-in token (HttpOnly, SameSite=Lax). */
export const SIGN_IN_COOKIE = 'vw_sign_in';
