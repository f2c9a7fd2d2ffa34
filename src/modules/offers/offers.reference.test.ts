import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REFERENCE_ALPHABET, checkCharacter, formatReference, newReference, parseReference } from './offers.reference.js';

describe('offer references', () => {
  test('are 9 characters from an alphabet without look-alikes, and almost never repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const r = newReference();
      assert.match(r, /^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{9}$/);
      seen.add(r);
    }
    assert.equal(seen.size, 5000);
    assert.doesNotMatch(REFERENCE_ALPHABET, /[01ILOU]/);
  });

  test('carry a check character that every valid reference satisfies', () => {
    for (let i = 0; i < 1000; i++) {
      const r = newReference();
      assert.equal(parseReference(r), r);
      assert.equal(checkCharacter(r.slice(0, 8)), r[8]);
    }
  });

  test('reject every single mistyped character', () => {
    const r = newReference();
    for (let i = 0; i < 9; i++) {
      for (const c of REFERENCE_ALPHABET) {
        if (c === r[i]) continue;
        const typo = r.slice(0, i) + c + r.slice(i + 1);
        assert.equal(parseReference(typo), null, `${typo} from ${r}`);
      }
    }
  });

  test('reject most swaps of two neighbouring characters', () => {
    let caught = 0;
    let swaps = 0;
    for (let n = 0; n < 300; n++) {
      const r = newReference();
      for (let i = 0; i < 8; i++) {
        if (r[i] === r[i + 1]) continue;
        swaps++;
        const swapped = r.slice(0, i) + r[i + 1] + r[i] + r.slice(i + 2);
        if (parseReference(swapped) === null) caught++;
      }
    }
    assert.ok(caught / swaps > 0.9, `caught ${caught} of ${swaps}`);
  });

  test('are read back as typed: lower case, dashes, spaces and Greek look-alike capitals', () => {
    const r = 'ABKM2345' + checkCharacter('ABKM2345');
    assert.equal(formatReference(r), `ABK-M23-45${r[8]}`);
    assert.equal(parseReference(formatReference(r).toLowerCase()), r);
    assert.equal(parseReference(` ${r.slice(0, 3)} ${r.slice(3, 6)} ${r.slice(6)} `), r);
    assert.equal(parseReference('ΑΒΚΜ2345' + r[8]), r, 'Greek Α Β Κ Μ');
    assert.equal(parseReference('ABKM2345'), null);
    assert.equal(parseReference('ABKM2345' + r[8] + 'X'), null);
  });
});
