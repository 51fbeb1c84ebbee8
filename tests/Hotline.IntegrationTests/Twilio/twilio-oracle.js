// Twilio's official helper as an oracle: usage `node twilio-oracle.js REPO_ROOT [--lines]`.
// Reads [{token, url, params: {name: value or [values]}, signature?}] from stdin and writes [{expected, valid}] to
// stdout; valid is null for a case without a signature. With --lines, each line in is one case and each line out its
// answer, for as long as stdin stays open (TwilioSigner signs every webhook a test posts this way).
'use strict';
const path = require('path');
const readline = require('readline');

const root = process.argv[2];
if (!root) {
  console.error('usage: node twilio-oracle.js REPO_ROOT [--lines]');
  process.exit(2);
}
const twilioPath = path.join(root, 'tools', 'node_modules', 'twilio');
let twilio;
try {
  twilio = require(twilioPath);
} catch (e) {
  console.error(`twilio is not installed at ${twilioPath} (run: cd tools && npm ci): ${e.message}`);
  process.exit(3);
}

const answer = c => ({
  expected: twilio.getExpectedTwilioSignature(c.token, c.url, c.params),
  valid: c.signature === undefined ? null : twilio.validateRequest(c.token, c.signature, c.url, c.params),
});

process.stdin.setEncoding('utf8');
if (process.argv[3] === '--lines') {
  readline.createInterface({ input: process.stdin }).on('line', line => {
    process.stdout.write(JSON.stringify(answer(JSON.parse(line))) + '\n');
  });
} else {
  let input = '';
  process.stdin.on('data', chunk => { input += chunk; });
  process.stdin.on('end', () => process.stdout.write(JSON.stringify(JSON.parse(input).map(answer))));
}
