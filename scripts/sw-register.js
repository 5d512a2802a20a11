
// Offline support (appended to the loader by scripts/post_build.py): register the service
// worker, and tell the app when a new version is ready. The app shows a banner; only the user's
// click ("relance-apply-update") lets the new version take over, then the page reloads once.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').then((registration) => {
    const announce = () => {
      document.documentElement.dataset.updateAvailable = 'true';
      dispatchEvent(new CustomEvent('relance-update-available'));
    };
    if (registration.waiting && navigator.serviceWorker.controller) announce();
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      if (!worker) return;
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) announce();
      });
    });
    let updating = false;
    addEventListener('relance-apply-update', () => {
      // Another tab applied it already: the new version is in charge, this tab only reloads.
      if (!registration.waiting) {
        location.reload();
        return;
      }
      updating = true;
      registration.waiting.postMessage('skip-waiting');
    });
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (updating) location.reload();
    });
  }).catch((error) => console.warn('Relance: offline mode unavailable:', error));
}
