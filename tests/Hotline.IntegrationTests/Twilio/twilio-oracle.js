// Twilio's official helper as an oracle for TwilioSignatureTests: usage `node twilio-oracle.js REPO_ROOT`.
// Reads [{token, url, params: {name: value or [values]}, signature?}] from stdin and writes
// [{expected, valid}] to stdout; valid is null for a case without a signature.
'use strict';
const path = require('path');

const root = process.argv[2];
if (!root) {
  console.error('usage: node twilio-oracle.js REPO_ROOT');
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

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const answers = JSON.parse(input).map(c => ({
    expected: twilio.getExpectedTwilioSignature(c.token, c.url, c.params),
    valid: c.signature === undefined ? null : twilio.validateRequest(c.token, c.signature, c.url, c.params),
  }));
  process.stdout.write(JSON.stringify(answers));
});
