import { allocateAnonymousCode, checkCharacter, CODE_ALPHABET, generateAnonymousCode, parseAnonymousCode, type RandomSource } from './anonymous-code';

/** Replays fixed draws, so a test decides which codes come out. */
const scripted = (draws: number[]): RandomSource => ({ int: () => draws.shift() ?? 0 });

describe('anonymous codes', () => {
  it('has 32 characters, none of 0, O, 1 or I', () => {
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    expect(CODE_ALPHABET).not.toMatch(/[0O1I]/);
  });

  it('is 6 random characters and a check character that parses back', () => {
    const codes = Array.from({ length: 2000 }, () => generateAnonymousCode());
    for (const code of codes) {
      expect(code).toMatch(/^[2-9A-HJ-NP-Z]{7}$/);
      expect(parseAnonymousCode(code)).toBe(code);
    }
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('accepts what a person types: lower case, spaces and dashes', () => {
    const code = generateAnonymousCode();
    expect(parseAnonymousCode(` ${code.slice(0, 3).toLowerCase()}-${code.slice(3)} `)).toBe(code);
  });

  it('rejects every single wrong character, wrong lengths and characters outside the alphabet', () => {
    const code = generateAnonymousCode();
    for (let i = 0; i < code.length; i++) {
      for (const other of CODE_ALPHABET) {
        if (other !== code[i]) expect(parseAnonymousCode(code.slice(0, i) + other + code.slice(i + 1))).toBeNull();
      }
    }
    expect(parseAnonymousCode(code.slice(0, 6))).toBeNull();
    expect(parseAnonymousCode(`${code}2`)).toBeNull();
    expect(parseAnonymousCode(`0${code.slice(1)}`)).toBeNull();
  });

  it('catches swapped neighbours, except 2Z ↔ Z2', () => {
    const body = 'K7MQXR';
    const code = body + checkCharacter(body);
    for (let i = 0; i + 1 < code.length; i++) {
      if (code[i] === code[i + 1]) continue;
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      expect(parseAnonymousCode(swapped)).toBeNull();
    }
  });

  it('is not sequential: codes drawn one after another are not neighbours', () => {
    const value = (code: string) => [...code.slice(0, 6)].reduce((v, c) => v * 32 + CODE_ALPHABET.indexOf(c), 0);
    const values = Array.from({ length: 1000 }, () => value(generateAnonymousCode()));
    const steps = values.slice(1).map((v, i) => Math.abs(v - values[i]!));
    expect(steps.filter((step) => step <= 1)).toEqual([]);
  });

  it('draws again when a code is taken in the school', async () => {
    const taken = generateAnonymousCode(scripted([0, 0, 0, 0, 0, 0]));
    const seen: string[] = [];
    const code = await allocateAnonymousCode(
      async (c) => {
        seen.push(c);
        return c === taken;
      },
      scripted([0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6]),
    );
    expect(seen).toEqual([taken, code]);
    expect(code).not.toBe(taken);
    expect(parseAnonymousCode(code)).toBe(code);
  });

  it('gives up after a bounded number of draws', async () => {
    await expect(allocateAnonymousCode(async () => true, undefined, 3)).rejects.toThrow('no free anonymous code after 3 draws');
  });
});
