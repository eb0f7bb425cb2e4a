import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

/** Signing out is a POST (the header's button); a plain visit just goes home. */
export const load: PageServerLoad = () => {
  redirect(303, '/');
};

export const actions = {
  default: async ({ locals, cookies }) => {
    const { auth, cookie, token } = locals.context;
    if (token) await auth.signOut(token);
    cookies.delete(cookie.name, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookie.secure });
    redirect(303, '/sign-in');
  },
} satisfies Actions;
