// DOM helpers shared by the page's modules.

export const $ = (id) => document.getElementById(id);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children); // text nodes: user content is never parsed as HTML
  return node;
}

let toastTimer;
export function toast(text) {
  $('toast').textContent = text;
  $('toast').hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { $('toast').hidden = true; }, 4000);
}

export function listItem(testId, attrs, label, unread, status) {
  const li = el('li', { 'data-testid': testId, ...attrs });
  if (status) li.append(el('span', { class: 'dot', 'data-status': status }));
  li.append(el('span', { class: 'label' }, label));
  if (unread) li.append(el('span', { class: 'badge', 'data-testid': 'unread' }, String(unread)));
  return li;
}

export const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
