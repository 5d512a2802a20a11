// Never a white screen (prepended to the loader by scripts/post_build.py, so it runs before
// the app's wasm starts, and needs no wasm and no lazy chunk). The release build aborts on a
// panic: the app's panic hook (src/main.rs) sends `relance-panic` just before the wasm traps
// with a WebAssembly.RuntimeError and the page stops answering; whenever such a trap escapes
// (an event handler, a task, the start) without the hook's word, the same. A lazy chunk that
// cannot be fetched (a new version was deployed, or the network is off before it was cached)
// is `relance-chunk-failed`, sent by the chunks' loader (scripts/split_wasm.py) instead of a
// panic. Either way this says so over the page, in the page's language: what happened, that
// saved data is safe, what the app held unsaved (the app marks <html data-unsaved> while a
// change is not saved), a download of every stored text exactly as stored (the recovery
// screen's format: a JSON object key → text), and "reload".
{
  const TEXTS = {
    fr: {
      title: 'Relance a rencontré une erreur',
      what: 'Une erreur interne a arrêté l’application sur cette page. Rien n’a été envoyé nulle part.',
      safe: 'Les données déjà enregistrées dans ce navigateur ne sont pas touchées\u202f: rechargez la page pour continuer.',
      unsaved: 'Votre dernière modification n’avait pas pu être enregistrée\u202f: elle est perdue avec cette page. Téléchargez d’abord ce qui est enregistré, par précaution.',
      download: 'Télécharger les données enregistrées',
      downloaded: 'Fichier proposé au téléchargement.',
      failed: 'Le navigateur a refusé le téléchargement.',
      reload: 'Recharger la page',
      updated: 'Relance a été mise à jour\u202f: rechargez pour continuer',
      updatedWhat: 'Une nouvelle version de Relance a été publiée depuis l’ouverture de cette page, et la partie de l’application qu’elle demandait n’existe plus.',
      offline: 'Pas de connexion\u202f: cette partie de Relance n’a pas pu être chargée',
      offlineWhat: 'Elle n’était pas encore enregistrée dans ce navigateur. Reconnectez-vous, puis rechargez la page.',
    },
    en: {
      title: 'Relance ran into an error',
      what: 'An internal error stopped the app on this page. Nothing was sent anywhere.',
      safe: 'The data already saved in this browser is untouched: reload the page to carry on.',
      unsaved: 'Your last change could not be saved: it is lost with this page. Download what is saved first, to be safe.',
      download: 'Download the saved data',
      downloaded: 'File offered for download.',
      failed: 'The browser refused the download.',
      reload: 'Reload the page',
      updated: 'Relance was updated: reload to continue',
      updatedWhat: 'A new version of Relance was published since this page was opened, and the part of the app it asked for no longer exists.',
      offline: 'No connection: this part of Relance could not be loaded',
      offlineWhat: 'It was not yet stored in this browser. Reconnect, then reload the page.',
    },
  };
  const PREFIX = 'relance.';
  let shown = false;

  const storedTexts = () => {
    const texts = {};
    const keys = [];
    for (let index = 0; index < localStorage.length; index++) {
      const key = localStorage.key(index);
      if (key !== null && key.startsWith(PREFIX)) keys.push(key);
    }
    for (const key of keys.sort()) texts[key] = localStorage.getItem(key);
    return texts;
  };

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };

  // `kind`: 'crash', 'updated' or 'offline' (the title and the first paragraph).
  const show = (kind) => {
    if (shown) return;
    shown = true;
    const root = document.documentElement;
    const t = TEXTS[root.lang === 'en' ? 'en' : 'fr'];
    const [heading, what] = kind === 'crash' ? [t.title, t.what] : [t[kind], t[kind + 'What']];
    const overlay = element('div', 'crash');
    overlay.setAttribute('role', 'alertdialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.setAttribute('aria-labelledby', 'crash-title');
    overlay.setAttribute('data-testid', 'crash');
    const box = element('div', 'crash__box');
    const title = element('h2', '', heading);
    title.id = 'crash-title';
    box.append(title, element('p', '', what), element('p', '', t.safe));
    if (root.dataset.unsaved === 'true') box.append(element('p', 'crash__unsaved', t.unsaved));
    const status = element('p', 'crash__status');
    status.setAttribute('role', 'status');
    const download = element('button', 'button button--secondary', t.download);
    download.type = 'button';
    download.addEventListener('click', () => {
      try {
        const blob = new Blob([JSON.stringify(storedTexts(), null, 2)], { type: 'application/json;charset=utf-8' });
        const url = URL.createObjectURL(blob);
        const link = element('a');
        link.href = url;
        link.download = `relance-saved-data-${new Date().toISOString().slice(0, 10)}.json`;
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        status.textContent = t.downloaded;
      } catch {
        status.textContent = t.failed;
      }
    });
    const reload = element('button', 'button', t.reload);
    reload.type = 'button';
    reload.addEventListener('click', () => location.reload());
    const actions = element('p', 'button-row');
    actions.append(reload, download);
    box.append(actions, status);
    overlay.append(box);
    document.body.append(overlay);
    reload.focus();
  };

  // A trap (a release panic), or a wasm module that cannot be compiled or linked (a chunk of
  // another version): the app cannot go on either way.
  const isTrap = (error) => typeof WebAssembly === 'object'
    && (error instanceof WebAssembly.RuntimeError || error instanceof WebAssembly.CompileError
      || error instanceof WebAssembly.LinkError);
  addEventListener('error', (event) => { if (isTrap(event.error)) show('crash'); });
  addEventListener('unhandledrejection', (event) => { if (isTrap(event.reason)) show('crash'); });
  addEventListener('relance-panic', () => show('crash'));
  addEventListener('relance-chunk-failed', () => show(navigator.onLine === false ? 'offline' : 'updated'));
}
