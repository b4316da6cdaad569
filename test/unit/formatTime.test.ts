// Dates are written out by hand (no Intl: its first use maps ~5 MB of ICU data into the extension host); they must
// read exactly as Intl's medium date and short time for the two languages our strings come in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useVscodeStandIn } from '../support/vscodeStandIn.js';

test('formatTime and formatDate print what Intl prints for English and Simplified Chinese', (t) => {
  useVscodeStandIn(t);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after the vscode stand-in is in place
  const { formatDateIn, formatTimeIn } = require('../../src/ui/words/time.js') as typeof import('../../src/ui/words/time');
  const times = [Date.UTC(2026, 11, 21, 9, 38), Date.UTC(2026, 0, 5, 0, 7), Date.UTC(2026, 6, 5, 12, 0), Date.UTC(2026, 6, 5, 23, 59), Date.UTC(2027, 1, 28, 13, 1)];
  for (const language of ['en', 'zh-cn']) {
    for (const time of times) {
      assert.equal(formatTimeIn(language, time), new Date(time).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' }), `${language} ${time}`);
      assert.equal(formatDateIn(language, time), new Date(time).toLocaleDateString(language, { dateStyle: 'medium' }), `${language} ${time}`);
    }
  }
  // Other display languages get the English form: the sentences around the date are English there too.
  assert.equal(formatDateIn('de', times[0]!), formatDateIn('en', times[0]!));
});
