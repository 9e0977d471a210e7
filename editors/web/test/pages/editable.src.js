// A rich-text reply box: ProseMirror, whose state the page owns; every transaction that
// changes the document is recorded, as a helpdesk's editor would save it.
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { DOMParser } from 'prosemirror-model';
import { schema } from 'prosemirror-schema-basic';

const start = document.createElement('div');
start.innerHTML = '<p>Здравствуйте!</p><p>Привет 👋! Пишите на hlep@ozon.ru, мы поможем.</p>';
window.pageChanges = [];
const view = new EditorView(document.getElementById('editor'), {
  state: EditorState.create({ doc: DOMParser.fromSchema(schema).parse(start) }),
  dispatchTransaction(tr) {
    view.updateState(view.state.apply(tr));
    if (tr.docChanged) {
      window.pageChanges.push(view.state.doc.textBetween(0, view.state.doc.content.size, '\n'));
      document.getElementById('seen').textContent = String(window.pageChanges.length);
    }
  },
});
window.pmView = view;
