/**
 * The pages citizens read and touch themselves (the rating kiosk and its QR link, the case status page):
 * no staff header, the citizen layout (CitizenPage.svelte, styles/citizen.css: large type, high contrast,
 * 60 px targets, 读屏). A new citizen page (signature, notice, guest) adds its route here.
 */
export const citizenRoutePrefixes = ['/rate/', '/status', '/recording-notice/'] as const;

export function isCitizenRoute(routeId: string | null | undefined): boolean {
  if (!routeId) return false;
  return citizenRoutePrefixes.some((prefix) => routeId === prefix || routeId.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}
