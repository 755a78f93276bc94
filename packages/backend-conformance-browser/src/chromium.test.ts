import { describe, expect, it } from 'vitest';
// Through the package entry: what users import.
import * as chromium from './index';

const { CHROMIUM_ARGS, ChromiumMissingError, chromiumForSuite, chromiumPath } = chromium;
const { DEFAULT_CHROMIUM_PATH, findChromium } = chromium;

const nowhere = (): boolean => false;
const everywhere = (): boolean => true;

describe('chromiumPath', () => {
  it("is Debian's /usr/bin/chromium unless GLIA_CHROMIUM names another", () => {
    expect(DEFAULT_CHROMIUM_PATH).toBe('/usr/bin/chromium');
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
    expect(chromiumPath({ GLIA_CHROMIUM: '' })).toBe('/usr/bin/chromium');
    expect(chromiumPath({ GLIA_CHROMIUM: '/opt/chromium/chrome' })).toBe('/opt/chromium/chrome');
  });
});

describe('findChromium', () => {
  it('reports the path when it is executable', () => {
    expect(findChromium({}, everywhere)).toEqual({ available: true, path: '/usr/bin/chromium' });
  });

  it('says what is missing and how to install it', () => {
    const status = findChromium({ GLIA_CHROMIUM: '/no/such/chromium' }, nowhere);
    expect(status.available).toBe(false);
    expect(status.available === false && status.reason).toBe(
      "no executable Chromium at /no/such/chromium (install Debian's chromium: apt-get install chromium, or point GLIA_CHROMIUM at one)",
    );
  });

  it('checks the real file system by default: a missing file is not Chromium', () => {
    expect(findChromium({ GLIA_CHROMIUM: '/no/such/chromium' }).available).toBe(false);
    // node itself is an executable file, so the check passes for it
    expect(findChromium({ GLIA_CHROMIUM: process.execPath })).toEqual({
      available: true,
      path: process.execPath,
    });
  });
});

describe('chromiumForSuite', () => {
  it('returns the path when Chromium is there, and logs nothing', () => {
    const logged: string[] = [];
    expect(chromiumForSuite('suite', { CI: 'true' }, (m) => logged.push(m), everywhere)).toBe(
      '/usr/bin/chromium',
    );
    expect(logged).toEqual([]);
  });

  it('skips with a message outside CI', () => {
    const logged: string[] = [];
    expect(chromiumForSuite('playground e2e', {}, (m) => logged.push(m), nowhere)).toBeUndefined();
    expect(logged).toEqual([
      "playground e2e: skipped: no executable Chromium at /usr/bin/chromium (install Debian's chromium: apt-get install chromium, or point GLIA_CHROMIUM at one)",
    ]);
  });

  it('fails in CI, naming the suite and what is missing', () => {
    const run = (): unknown =>
      chromiumForSuite('playground e2e', { CI: 'true' }, () => {}, nowhere);
    expect(run).toThrow(ChromiumMissingError);
    expect(run).toThrow(
      'playground e2e: cannot run in CI: no executable Chromium at /usr/bin/chromium',
    );
  });

  it("only CI='true' counts as CI", () => {
    expect(chromiumForSuite('s', { CI: '1' }, () => {}, nowhere)).toBeUndefined();
    expect(chromiumForSuite('s', { CI: 'false' }, () => {}, nowhere)).toBeUndefined();
  });
});

describe('CHROMIUM_ARGS', () => {
  it('runs as root, talks to no server, and asks for SwiftShader WebGL', () => {
    const needed: Record<string, string[]> = {
      root: ['--no-sandbox', '--no-first-run'],
      network: ['--disable-background-networking', '--disable-component-update'],
      sync: ['--disable-sync', '--disable-quic'],
      webgl: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
    };
    for (const [why, flags] of Object.entries(needed))
      expect(CHROMIUM_ARGS, why).toEqual(expect.arrayContaining(flags));
  });
});
