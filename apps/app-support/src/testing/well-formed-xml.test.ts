import { expect, it } from 'vitest';
import { parseWellFormedXml } from './well-formed-xml';

it('accepts well-formed XML and rejects what is not', () => {
  expect(parseWellFormedXml('<a x="1"><b/>t &amp; u<c></c></a>').map((e) => e.name)).toEqual([
    'a',
    'b',
    'c',
  ]);
  expect(() => parseWellFormedXml('<a><b></a>')).toThrow(/does not close/);
  expect(() => parseWellFormedXml('<a>&</a>')).toThrow(/bare &/);
  expect(() => parseWellFormedXml('<a x=1></a>')).toThrow(/bad tag/);
  expect(() => parseWellFormedXml('<a x="1" x="2"></a>')).toThrow(/twice/);
  expect(() => parseWellFormedXml('<a></a><b></b>')).toThrow(/second root/);
  expect(() => parseWellFormedXml('<a>')).toThrow(/never closed/);
});
