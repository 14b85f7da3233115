// The page an ask-first sweep's mail links to. The link's token is in the URL fragment (never
// sent to a server by the browser); it is posted only when the person presses the button, so a
// mail scanner that opens the link decides nothing.
const button = document.getElementById('keep');
const answer = document.getElementById('answer');
const token = decodeURIComponent(location.hash.slice(1));
// Out of the address bar and history once read: the page works from memory from here on.
history.replaceState(null, '', location.pathname);

if (!token) {
  answer.textContent = 'This link is incomplete: open the link from your email exactly as it was sent.';
} else {
  button.disabled = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    answer.textContent = 'Sending…';
    try {
      const response = await fetch('/keep-seat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      const body = await response.json().catch(() => ({}));
      answer.textContent = body.message ?? `Lanyard answered ${response.status}; ask your IT admin.`;
      answer.className = response.ok ? 'good' : 'bad';
      if (!response.ok && response.status >= 500) button.disabled = false;
    } catch {
      answer.textContent = 'Lanyard could not be reached. Try again in a moment.';
      answer.className = 'bad';
      button.disabled = false;
    }
  });
}
