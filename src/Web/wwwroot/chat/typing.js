// "Counsellor is typing": shown for a few seconds after each hint (the desk sends one at most every 3 s), and gone
// as soon as their message arrives.
const SHOWN_MS = 5_000;

export function typingIndicator(element) {
  let timer = null;
  const hide = () => {
    clearTimeout(timer);
    element.hidden = true;
  };
  return {
    show() {
      clearTimeout(timer);
      element.hidden = false;
      timer = setTimeout(hide, SHOWN_MS);
    },
    hide,
  };
}
