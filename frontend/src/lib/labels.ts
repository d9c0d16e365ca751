// Labels' colors and names (pure: unit-tested).

export const DEFAULT_LABEL_COLOR = '#64748b';
export const LABEL_NAME_MAX = 50;

/** The relative luminance of "#rrggbb" (WCAG 2). */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * Black or white, whichever contrasts more with the label's color: one of them always reaches
 * 4.5:1, so any color a user picks gives readable chips.
 */
export function chipTextColor(background: string): '#000000' | '#ffffff' {
  if (!/^#[0-9a-f]{6}$/i.test(background)) return '#ffffff';
  const l = luminance(background);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

/** What is wrong with a label's name, if anything (the service checks uniqueness). */
export function labelNameError(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'A name is required.';
  if (trimmed.length > LABEL_NAME_MAX) return `At most ${LABEL_NAME_MAX} characters.`;
  return null;
}
