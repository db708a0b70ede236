import { describe, expect, it } from 'vitest';
import { casBaseUrl } from '../../src/adapters/h3c/cas-connector';
import { casTime, list } from '../../src/adapters/h3c/cas-values';

describe('h3c addressing and values', () => {
  it('h3c - an endpoint becomes the REST base: HTTP on 8080 unless the port or the scheme says HTTPS', () => {
    expect(casBaseUrl('cvm.example.net')).toBe('http://cvm.example.net:8080/cas/casrs');
    expect(casBaseUrl('cvm.example.net', 8443)).toBe('https://cvm.example.net:8443/cas/casrs');
    expect(casBaseUrl('cvm.example.net:8443', 8080)).toBe('https://cvm.example.net:8443/cas/casrs');
    expect(casBaseUrl('https://cvm.example.net', 9443)).toBe('https://cvm.example.net:9443/cas/casrs');
    expect(casBaseUrl('http://10.0.0.5:18080/custom/casrs/', 8080)).toBe('http://10.0.0.5:18080/custom/casrs');
    expect(casBaseUrl('[fd00::5]', 8080)).toBe('http://[fd00::5]:8080/cas/casrs');
  });

  it('h3c - times read as epoch seconds, milliseconds or CAS dates (UTC); lists of one read as lists', () => {
    const t = Date.UTC(2026, 10, 30, 8, 15, 0);
    expect(casTime(t / 1000)).toBe(t);
    expect(casTime(String(t / 1000))).toBe(t);
    expect(casTime(t)).toBe(t);
    expect(casTime('2026-11-30 08:15:00')).toBe(t);
    expect(casTime('yesterday')).toBeNaN();
    expect(list({ id: '1' })).toEqual([{ id: '1' }]);
    expect(list([{ id: '1' }, { id: '2' }])).toHaveLength(2);
    expect(list(undefined)).toEqual([]);
    expect(list('')).toEqual([]);
  });
});
