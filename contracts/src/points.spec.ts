import { addPoints, fromMilli, isMultipleOf, Points, scalePoints, toMilli } from './points';

describe('points arithmetic', () => {
  it('adds 0.1 and 0.2 to exactly 0.3', () => {
    expect(addPoints('0.1', '0.2')).toBe('0.3');
    expect(0.1 + 0.2).not.toBe(0.3); // the drift this module exists to avoid
  });

  it('round-trips decimals through thousandths', () => {
    for (const v of ['0', '0.25', '12.5', '-0.5', '100', '3.125']) expect(fromMilli(toMilli(v))).toBe(v);
    expect(toMilli('-0')).toBe(0);
  });

  it('rejects values with more than three decimal places', () => {
    expect(() => toMilli('0.0001')).toThrow(RangeError);
    expect(Points.safeParse('1.2345').success).toBe(false);
    expect(Points.parse(1.5)).toBe('1.5');
  });

  it('checks steps exactly', () => {
    expect(isMultipleOf('1.75', '0.25')).toBe(true);
    expect(isMultipleOf('1.3', '0.25')).toBe(false);
    expect(isMultipleOf('2', '0.5')).toBe(true);
  });

  it('scales to /20 rounding half up', () => {
    expect(scalePoints('31', '40', 20)).toBe('15.50');
    expect(scalePoints('1', '3', 20)).toBe('6.67'); // 6.666…
    expect(scalePoints('1', '8', 20)).toBe('2.50');
    expect(scalePoints('0.125', '10', 20, 2)).toBe('0.25'); // 0.25 exactly
    expect(scalePoints('1', '16', 20, 2)).toBe('1.25');
    expect(scalePoints('1', '32', 20, 2)).toBe('0.63'); // 0.625 → half up
  });
});
