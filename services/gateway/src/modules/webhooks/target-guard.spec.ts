import { checkTarget, isPublicAddress, type Resolver } from './target-guard';

const resolver = (table: Record<string, string[]>): Resolver => async (host) => table[host] ?? [];
const strict = { allowHttp: false, allowPrivate: false };

describe('webhook target guard (SSRF)', () => {
  it.each(['127.0.0.1', '10.2.3.4', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::'])(
    'knows %s is not public',
    (address) => expect(isPublicAddress(address)).toBe(false),
  );

  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('knows %s is public', (address) => expect(isPublicAddress(address)).toBe(true));

  it('accepts an https target whose every address is public', async () => {
    await expect(checkTarget('https://hooks.example/in', strict, resolver({ 'hooks.example': ['93.184.216.34'] }))).resolves.toBeInstanceOf(URL);
  });

  it.each([
    ['http://hooks.example/in', 'https'],
    ['https://user:pw@hooks.example/in', 'credentials'],
    ['https://mixed.example/in', 'private'],
    ['https://nowhere.example/in', 'does not resolve'],
    ['https://[::1]/in', 'private'],
    ['not a url', 'not a URL'],
  ])('refuses %s (%s)', async (url, why) => {
    const table = { 'hooks.example': ['93.184.216.34'], 'mixed.example': ['93.184.216.34', '10.0.0.5'] };
    await expect(checkTarget(url, strict, resolver(table))).rejects.toMatchObject({ code: 'webhook_target_invalid', message: expect.stringContaining(why) });
  });

  it('lets the operator allow http and private targets (local runs)', async () => {
    await expect(checkTarget('http://127.0.0.1:9/in', { allowHttp: true, allowPrivate: true }, resolver({}))).resolves.toBeInstanceOf(URL);
  });
});
