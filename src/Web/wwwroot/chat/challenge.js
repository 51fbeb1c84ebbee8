// The start challenge (refusal chat.challenge): while many chats start from one network, a page proves it is a
// person's page by a second or two of hashing. The answer is the first number whose SHA-256 of "challenge:answer"
// starts with `difficulty` zero bits; the server checks it (src/Web/Abuse/StartChallenges.cs).

/** The proof to send back with StartChat, as { challenge, answer }. */
export async function solve(challenge, difficulty) {
  const encoder = new TextEncoder();
  for (let answer = 0; ; answer++) {
    const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(`${challenge}:${answer}`)));
    if (leadingZeroBits(hash) >= difficulty) return { challenge, answer: String(answer) };
  }
}

export function leadingZeroBits(hash) {
  let bits = 0;
  for (const byte of hash) {
    if (byte !== 0) return bits + Math.clz32(byte) - 24;
    bits += 8;
  }
  return bits;
}
