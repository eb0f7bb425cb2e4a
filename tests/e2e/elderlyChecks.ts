/**
 * The 适老化 checks of a citizen page, measured in the page itself: axe-core (no serious or critical
 * violation), and from computed styles and layout boxes: every visible text at least 18 px with line
 * height at least 1.3, every text (placeholders and form values included) at least 4.5:1 on its
 * effective background (walking up to the first opaque background, opacity included), and every control
 * at least 60×60 px (a control's target is the larger of its own box and its label's: tapping either
 * operates it).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const MIN_FONT_PX = 18;
export const MIN_LINE_HEIGHT = 1.3;
export const MIN_CONTRAST = 4.5;
export const MIN_TARGET_PX = 60;

export interface Measured {
  texts: number;
  targets: number;
  failures: string[];
}

interface Limits {
  scope: string;
  targets: boolean;
  minFont: number;
  minLineHeight: number;
  minContrast: number;
  minTarget: number;
}

/** Runs in the page: see the file's comment. */
function measureInPage(limits: Limits): Measured {
  type Rgba = [number, number, number, number];
  const failures: string[] = [];
  const scope = document.querySelector(limits.scope);
  if (!scope) return { texts: 0, targets: 0, failures: [`no ${limits.scope} on the page`] };

  const parse = (value: string): Rgba => {
    const numbers = (value.match(/[\d.]+/g) ?? []).map(Number);
    if (!/^rgba?\(/.test(value) || numbers.length < 3) throw new Error(`colour not understood: ${value}`);
    return [numbers[0]!, numbers[1]!, numbers[2]!, numbers[3] ?? 1];
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i: 0 | 1 | 2) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const luminance = ([r, g, b]: Rgba) => {
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const ratio = (a: Rgba, b: Rgba) => {
    const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (l1 + 0.05) / (l2 + 0.05);
  };
  const describe = (el: Element) => {
    const text = (el.textContent ?? (el as HTMLInputElement).placeholder ?? '').replace(/\s+/g, ' ').trim().slice(0, 30);
    return `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}> "${text}"`;
  };
  /** The opaque colour behind `el`: its own and its ancestors' backgrounds over white, nearest on top. */
  const backgroundOf = (el: Element): Rgba | string => {
    const layers: Rgba[] = [];
    for (let node: Element | null = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== 'none') return `background image behind ${describe(el)}`;
      const colour = parse(style.backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const opacityOf = (el: Element) => {
    let opacity = 1;
    for (let node: Element | null = el; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
    return opacity;
  };
  const checkText = (el: Element, style: CSSStyleDeclaration, what: string) => {
    const size = parseFloat(style.fontSize);
    if (size < limits.minFont - 0.01) failures.push(`${what} ${describe(el)}: font ${size.toFixed(1)} px < ${limits.minFont}`);
    const lineHeight = style.lineHeight === 'normal' ? NaN : parseFloat(style.lineHeight) / size;
    if (!(lineHeight >= limits.minLineHeight - 0.005)) failures.push(`${what} ${describe(el)}: line height ${style.lineHeight} (${lineHeight.toFixed(2)}) < ${limits.minLineHeight}`);
    const background = backgroundOf(el);
    if (typeof background === 'string') {
      failures.push(background);
      return;
    }
    const colour = parse(style.color);
    colour[3] *= opacityOf(el);
    const contrast = ratio(over(colour, background), background);
    if (contrast < limits.minContrast) failures.push(`${what} ${describe(el)}: contrast ${contrast.toFixed(2)} < ${limits.minContrast} (${style.color} on rgb(${background.slice(0, 3).map(Math.round).join(', ')}))`);
  };
  const visible = (el: Element) => {
    const rect = el.getBoundingClientRect();
    return el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true }) && rect.width > 2 && rect.height > 2;
  };

  // Text: every element holding a visible text node, and every form control's value and placeholder.
  const textElements = new Set<Element>();
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent && (node.textContent ?? '').trim() !== '' && visible(parent)) textElements.add(parent);
  }
  for (const el of textElements) checkText(el, getComputedStyle(el), 'text');
  const fields = [...scope.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input:not([type=hidden]):not([type=radio]):not([type=checkbox]), textarea')].filter(visible);
  for (const field of fields) {
    checkText(field, getComputedStyle(field), 'field');
    if (field.placeholder) checkText(field, getComputedStyle(field, '::placeholder'), 'placeholder');
  }

  // Targets.
  let targets = 0;
  if (limits.targets) {
    const controls = scope.querySelectorAll<HTMLElement>(
      'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [role=radio], [role=checkbox], [tabindex]:not([tabindex="-1"])',
    );
    for (const control of controls) {
      if (!control.checkVisibility({ visibilityProperty: true })) continue;
      targets++;
      const boxes = [control.getBoundingClientRect(), ...[...((control as HTMLInputElement).labels ?? [])].map((label) => label.getBoundingClientRect())];
      const best = boxes.reduce((a, b) => (Math.min(b.width, b.height) > Math.min(a.width, a.height) ? b : a));
      if (best.width < limits.minTarget - 0.5 || best.height < limits.minTarget - 0.5) {
        failures.push(`target ${describe(control)}: ${best.width.toFixed(0)}×${best.height.toFixed(0)} px < ${limits.minTarget}×${limits.minTarget}`);
      }
    }
  }
  return { texts: textElements.size + fields.length, targets, failures };
}

/** Measures `scope` (the citizen page's root by default) and fails with every finding. */
export async function expectElderlyFriendly(page: Page, state: string, options: { scope?: string; targets?: boolean } = {}): Promise<Measured> {
  const measured = await page.evaluate(measureInPage, {
    scope: options.scope ?? '.citizen',
    targets: options.targets ?? true,
    minFont: MIN_FONT_PX,
    minLineHeight: MIN_LINE_HEIGHT,
    minContrast: MIN_CONTRAST,
    minTarget: MIN_TARGET_PX,
  });
  expect(measured.failures, `${state}: sizes and contrast`).toEqual([]);
  expect(measured.texts, `${state}: texts measured`).toBeGreaterThan(3);
  if (options.targets ?? true) expect(measured.targets, `${state}: targets measured`).toBeGreaterThan(0);
  return measured;
}

/** axe-core on the whole page: no serious or critical violation. */
export async function expectNoSeriousAxeViolations(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(serious, `${state}: axe-core`).toEqual([]);
  expect(results.passes.length, `${state}: axe-core ran its rules`).toBeGreaterThan(10);
}

/** Both: what every citizen page state must pass. */
export async function expectCitizenPageChecks(page: Page, state: string): Promise<void> {
  await expectNoSeriousAxeViolations(page, state);
  await expectElderlyFriendly(page, state);
}
