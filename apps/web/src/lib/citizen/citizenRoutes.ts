/**
 * The pages citizens read and touch themselves (the rating kiosk and its QR link, the case status page):
 * no staff header, the citizen layout (CitizenPage.svelte, styles/citizen.css: large type, high contrast,
 * 60 px targets, 读屏): the rating kiosk, the status page, the signing kiosk (/sign) and the printed
 * 一次性告知书 (/notices). A new citizen page (guest) adds its route here.
 */
export const citizenRoutePrefixes = ['/rate/', '/status', '/guest/', '/sign/', '/notices/', '/recording-notice/'] as const;

export function isCitizenRoute(routeId: string | null | undefined): boolean {
  if (!routeId) return false;
  return citizenRoutePrefixes.some((prefix) => routeId === prefix || routeId.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}
