import { qrCodeOf } from '../src/domain/qr-code';
import { confirmationCodeOf, groupedSecret } from '../src/domain/second-factor';

const uri = 'otpauth://totp/Atalaia:davi.despachante?issuer=Atalaia&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30';

/** The dark modules a drawing's path fills, as "row,column" strings. */
function darkModules(path: string): Set<string> {
  const dark = new Set<string>();
  for (const [, x, y, width] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let column = Number(x); column < Number(x) + Number(width); column += 1) dark.add(`${y},${column}`);
  }
  return dark;
}

describe('authenticator secret and code', () => {
  it('when the secret is shown for typing, then it is in groups of four', () => {
    expect(groupedSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(groupedSecret('JBSWY3DPEH')).toBe('JBSW Y3DP EH');
  });

  it.each([
    ['123456', { code: '123456' }],
    [' 123 456 ', { code: '123456' }],
    ['123-456', { code: '123456' }],
    ['', { problem: 'required' }],
    ['12345', { problem: 'not_six_digits' }],
    ['12345a', { problem: 'not_six_digits' }],
  ])('when the code typed is %j, then it reads as %j', (typed, expected) => {
    expect(confirmationCodeOf(typed)).toEqual(expected);
  });
});

describe('QR code drawing', () => {
  it("when an enrolment's URI is drawn, then it is a square of a QR version's size with the three finder patterns in their corners", () => {
    const { size, path } = qrCodeOf(uri);
    const dark = darkModules(path);

    expect((size - 17) % 4).toBe(0); // version v is 4v + 17 modules a side
    expect(size).toBeGreaterThanOrEqual(33);
    for (const [top, left] of [[0, 0], [0, size - 7], [size - 7, 0]] as const) {
      const isFinderDark = (row: number, column: number) => {
        const ring = Math.max(Math.abs(row - 3), Math.abs(column - 3));
        return ring !== 2; // the 7×7 outline, a light ring, a 3×3 centre
      };
      for (let row = 0; row < 7; row += 1) {
        for (let column = 0; column < 7; column += 1) expect(dark.has(`${top + row},${left + column}`)).toBe(isFinderDark(row, column));
      }
    }
    expect([...dark].every((cell) => cell.split(',').every((index) => Number(index) >= 0 && Number(index) < size))).toBe(true);
  });

  it('when the same text is drawn twice, then the drawing is the same, and another text draws another one', () => {
    expect(qrCodeOf(uri)).toEqual(qrCodeOf(uri));
    expect(qrCodeOf(uri).path).not.toBe(qrCodeOf(uri.replace('davi', 'ana')).path);
  });
});
