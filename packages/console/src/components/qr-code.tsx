import { useMemo } from 'react';
import { QR_QUIET_ZONE, qrCodeOf } from '../domain/qr-code';

/** Inline SVG (no canvas, no image request): dark modules on white, whatever the page's theme, for a phone's camera. */
export function QrCode({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const { size, path } = useMemo(() => qrCodeOf(text), [text]);
  const side = size + 2 * QR_QUIET_ZONE;
  return (
    <svg className="qr-code" viewBox={`-${QR_QUIET_ZONE} -${QR_QUIET_ZONE} ${side} ${side}`} role="img" aria-label={label} data-testid={testId} shapeRendering="crispEdges">
      <rect x={-QR_QUIET_ZONE} y={-QR_QUIET_ZONE} width={side} height={side} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
