// The copy button on the "send it yourself" page: copies the finished letter. Without
// JavaScript the button stays hidden and the text can be selected by hand.
"use strict";
document.querySelectorAll("[data-copy]").forEach((button) => {
  const source = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.copyStatus);
  if (!source) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.value);
    } catch {
      source.select(); // plain HTTP or an older browser: select it, and copy by hand
      document.execCommand("copy");
    }
    if (status) status.textContent = button.dataset.copied;
  });
});
