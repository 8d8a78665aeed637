import qrcode from 'qrcode-generator';

/** A QR code as an SVG path: one unit per module, dark modules drawn, the quiet zone left to the viewBox. */
export interface QrCodeDrawing {
  /** Modules per side. */
  size: number;
  /** `M x y h n v1 h -n z` for each horizontal run of dark modules. */
  path: string;
}

/** The quiet zone the standard asks around the code, in modules. */
export const QR_QUIET_ZONE = 4;

/**
 * Encodes `text` (ASCII: an `otpauth://` URI percent-encodes the rest) in
 * byte mode at the smallest version that fits, with error correction M, as
 * authenticator apps scan it from a screen.
 */
export function qrCodeOf(text: string): QrCodeDrawing {
  const code = qrcode(0, 'M');
  code.addData(text, 'Byte');
  code.make();
  const size = code.getModuleCount();
  const runs: string[] = [];
  for (let row = 0; row < size; row += 1) {
    for (let column = 0; column < size; ) {
      if (!code.isDark(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < size && code.isDark(row, column)) column += 1;
      runs.push(`M${start} ${row}h${column - start}v1h-${column - start}z`);
    }
  }
  return { size, path: runs.join('') };
}
