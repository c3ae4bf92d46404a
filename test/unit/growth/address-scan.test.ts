// The URL and host:port scanner: the same matches as the regular expressions it replaced (random
// values compared with them), and work linear in the value's length on values made to backtrack.
import * as assert from 'node:assert/strict';
import { findAddresses } from '../../../server/src/network/addresses';
import { addressScanCounters, followsBindFlag, isSpace, scanHostPorts, scanUrls } from '../../../server/src/network/addressScan';
import { findAddressesByRegex, followsBindFlagByRegex, hostPortSpansByRegex, urlSpansByRegex } from '../../helpers/addressOracle';
import { assertLinearGrowth, seeded } from '../../helpers/growth';

/** Pieces that make addresses, near-addresses and the characters the expressions treat apart. */
const PIECES = ['a', 'Z', 'f', '1', '0', '9', '_', '-', '.', ':', '/', '//', '://', '@', '[', ']', ',', '=', ' ', '\t', '\n', '\u00a0', '$', '%', '{', '}', "'", '"', '#', '+', '?', ';', '<', '(', ')',
  'http', 'db', 'redis', 's3', 'tcp(', 'unix(', '--bind', '--host', '-b', '-H', '--http.addr', ' --listen ', '80', '5432', '123456', '::1', '[::1]', 'x_y', 'PLAINTEXT_HOST', 'a=', 'é'];

function randomValue(rnd: () => number): string {
  let s = '';
  const n = 1 + Math.floor(rnd() * 24);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rnd() * PIECES.length)];
  return s;
}

/** Shapes that made the expressions try every start position anew, or re-read the text before each match. */
const HOSTILE: Record<string, (n: number) => string> = {
  'one long word': (n) => 'a'.repeat(n),
  'dotted labels': (n) => 'a.'.repeat(n / 2),
  'scheme characters': (n) => 'a+'.repeat(n / 2),
  'many URLs': (n) => 'a://b '.repeat(n / 6),
  'URLs and host:port': (n) => 'a://b c:80 '.repeat(n / 11),
  'host:port after a long bind flag gap': (n) => '--bind' + ' '.repeat(n / 2) + 'x:80 '.repeat(n / 10),
  'one URL of many hosts': (n) => 'a://' + 'b,'.repeat(n / 2),
  'many hosts after a bind flag': (n) => '--bind ' + ' '.repeat(n / 2) + 'a://' + 'b,'.repeat(n / 4),
  'commas before name=': (n) => 'a://' + ',a.b-c='.repeat(n / 7),
  'host:port list': (n) => 'a1:80 '.repeat(n / 6),
  'long port': (n) => 'a:' + '1'.repeat(n),
  'brackets': (n) => ' [0:'.repeat(n / 4),
  'dashes': (n) => 'a-'.repeat(n / 2),
  'nested schemes': (n) => 'a://a://'.repeat(n / 8),
};

describe('address scanner: linear, and the same matches as before', () => {
  it('reads `\\s` as regular expressions do, for every UTF-16 code unit', () => {
    for (let c = 0; c < 0x10000; c++) assert.equal(isSpace(c), /\s/.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
  });

  it('finds what the regular expressions found, on 20,000 random values', () => {
    const rnd = seeded(16);
    for (let i = 0; i < 20_000; i++) {
      const text = randomValue(rnd);
      assert.deepEqual(scanUrls(text), urlSpansByRegex(text), JSON.stringify(text));
      assert.deepEqual(scanHostPorts(text), hostPortSpansByRegex(text), JSON.stringify(text));
      assert.deepEqual(findAddresses(text), findAddressesByRegex(text), JSON.stringify(text));
      for (let at = 0; at <= text.length; at++) assert.equal(followsBindFlag(text, at), followsBindFlagByRegex(text, at), `${JSON.stringify(text)} at ${at}`);
    }
  });

  it('finds what they found on the hostile shapes, kept small', () => {
    for (const [what, make] of Object.entries(HOSTILE)) {
      const text = make(600);
      assert.deepEqual(findAddresses(text), findAddressesByRegex(text), what);
    }
  });

  for (const [what, make] of Object.entries(HOSTILE)) {
    it(`examines each character a bounded number of times: ${what}`, () => {
      const steps = (n: number) => {
        const text = make(n);
        addressScanCounters.steps = 0;
        findAddresses(text);
        // Every character is looked at, and none more than a few times.
        assert.ok(addressScanCounters.steps >= text.length * 0.9, `${what}: ${addressScanCounters.steps} steps for ${text.length} characters`);
        assert.ok(addressScanCounters.steps <= 8 * text.length, `${what}: ${addressScanCounters.steps} steps for ${text.length} characters`);
        return addressScanCounters.steps;
      };
      assertLinearGrowth(what, steps, 40_000);
    });
  }
});
