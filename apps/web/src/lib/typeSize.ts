/**
 * The consoles' large-type switch (大字号): remembered per browser in localStorage and applied as
 * data-type-size on <html>, which global.css turns into --vw-type-scale (root and body font size, so
 * everything sized in rem grows with it).
 */
export type TypeSize = 'normal' | 'large';

export const TYPE_SIZE_KEY = 'vwindow.typeSize';

/** The size this browser chose; normal when nothing is stored or storage is unavailable. */
export function storedTypeSize(storage: Pick<Storage, 'getItem'> | undefined): TypeSize {
  try {
    return storage?.getItem(TYPE_SIZE_KEY) === 'large' ? 'large' : 'normal';
  } catch {
    return 'normal';
  }
}

/** Applies `size` to the document and remembers it (a browser that refuses storage still gets it for the page). */
export function chooseTypeSize(size: TypeSize, root: HTMLElement, storage: Pick<Storage, 'setItem'> | undefined): void {
  root.dataset.typeSize = size;
  try {
    storage?.setItem(TYPE_SIZE_KEY, size);
  } catch {
    // Private modes may refuse storage: the choice then lasts for this page only.
  }
}
