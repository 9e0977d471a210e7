// The page's own input handler, as a helpdesk's reply box has one: it counts what it sees.
window.pageInputs = [];
document.getElementById('reply').addEventListener('input', (e) => {
  window.pageInputs.push({ type: e.inputType, value: e.target.value, trusted: e.isTrusted });
  document.getElementById('seen').textContent = String(window.pageInputs.length);
});
