import { attachmentDisposition } from './content-disposition';

describe('attachmentDisposition', () => {
  it('quotes a plain ASCII name as it is', () => {
    expect(attachmentDisposition('results-2B.csv')).toBe('attachment; filename="results-2B.csv"');
  });

  it('keeps an accented name in filename* and gives old clients an ASCII stand-in', () => {
    expect(attachmentDisposition('copie "Élève" (1).jpg')).toBe(
      `attachment; filename="copie __l_ve_ (1).jpg"; filename*=UTF-8''copie%20%22%C3%89l%C3%A8ve%22%20%281%29.jpg`,
    );
  });

  it('never lets a name break out of the header', () => {
    const header = attachmentDisposition('a"; filename="evil.html\r\nX-Injected: 1');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.startsWith('attachment; filename="a_; filename=_evil.html__X-Injected: 1"')).toBe(true);
  });
});
