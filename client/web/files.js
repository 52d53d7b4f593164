// Attaching files to the open room or conversation: the attach button (and dropping files on the
// message list), one progress bar with a cancel button per upload. The SDK's uploadFile does the chunked
// upload (docs/PROTOCOL.md "Files"); the file message then arrives like any message.
import { $, el, toast } from './dom.js';
import { app, requestTarget, viewed } from './state.js';

let active = 0; // uploads in progress

/** Files need the SDK's uploadFile (an older SDK has none): without it the attach button stays hidden. */
export const canUpload = () => typeof app.client?.uploadFile === 'function';

export function renderAttach() {
  $('attach').hidden = !canUpload();
  $('attach').disabled = !app.view;
}

async function upload(target, file) {
  const where = target.kind === 'room' ? `# ${target.info?.name ?? target.id}` : `@ ${target.name}`;
  const controller = new AbortController();
  const bar = el('progress', { 'data-testid': 'upload-progress', max: String(file.size || 1), value: '0' });
  const cancel = el('button', { type: 'button', class: 'link small', 'data-testid': 'upload-cancel' }, 'Cancel');
  const item = el('li', { class: 'upload', 'data-testid': 'upload' }, el('span', { class: 'label' }, `${file.name} → ${where}`), bar, cancel);
  cancel.addEventListener('click', () => controller.abort());
  $('uploads').append(item);
  $('uploads').hidden = ++active === 0;
  try {
    await app.client.uploadFile(file, {
      ...requestTarget(target),
      name: file.name,
      ...(file.type ? { mimeType: file.type } : {}),
      signal: controller.signal,
      onProgress: (sent, total) => { bar.max = total || 1; bar.value = sent; },
    });
  } catch (err) {
    toast(`${file.name}: ${controller.signal.aborted ? 'upload cancelled' : err.message}`);
  } finally {
    item.remove();
    $('uploads').hidden = --active === 0;
  }
}

function attach(files) {
  const target = viewed();
  if (!target || !canUpload()) return;
  for (const file of files) upload(target, file);
}

$('attach').addEventListener('click', () => $('file-input').click());
$('file-input').addEventListener('change', () => {
  attach([...$('file-input').files]);
  $('file-input').value = ''; // the same file may be picked again
});

// Dropping files on the message list attaches them to the room or conversation on screen.
$('messages').addEventListener('dragover', (event) => {
  if (!viewed() || !canUpload() || !event.dataTransfer?.types.includes('Files')) return;
  event.preventDefault();
  $('messages').classList.add('drop');
});
$('messages').addEventListener('dragleave', () => $('messages').classList.remove('drop'));
$('messages').addEventListener('drop', (event) => {
  $('messages').classList.remove('drop');
  if (!event.dataTransfer?.files.length) return;
  event.preventDefault();
  attach([...event.dataTransfer.files]);
});
