// Settings → your letterhead and letter templates (issue #20), end to end, driven by the
// visible labels: the letterhead filled, a mistyped IBAN refused beside its field with what
// was typed kept, saved, kept after a reload (the IBAN grouped by 4); a template with a
// misspelt placeholder shows the error naming the right one and is not saved; a corrected
// template is previewed with the demo's books, saved, marked changed, and the default comes
// back (with an undo); a logo chosen as a file (a non-image refused beside the field) is
// previewed, saved, kept and shown on the Letters page's letter. axe-core is clean;
// screenshots at 1440 px (fr) and 360 px (en).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launchBrowser, openPage, screenshotPath, assertClean, assertAccessible } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist('relance');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const storedSettings = async (page) => JSON.parse(await page.evaluate(() => localStorage.getItem('relance.settings')));

test('the letterhead is filled by its labels, checked beside each field, saved and kept (fr, 1440 px)', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'fr-FR', width: 1440 });
  try {
    await page.goto(server.baseUrl + '#/settings');
    await page.getByRole('heading', { level: 2, name: 'Votre en-tête' }).waitFor();
    await page.getByLabel('Nom ou raison sociale').fill('Atelier Durand SARL');
    await page.getByLabel('Adresse', { exact: true }).fill('12 rue des Lilas\n75011 Paris');
    await page.getByLabel('SIREN ou SIRET').fill('732 829 320');
    const iban = page.getByLabel('IBAN', { exact: true });
    await iban.fill('fr76 3000 6000 0112 3456 7890 188');
    await page.getByLabel('BIC', { exact: true }).fill('agrifrpp');
    await page.getByLabel('E-mail', { exact: true }).fill('compta@durand.fr');
    await page.getByRole('button', { name: "Enregistrer l'en-tête" }).click();
    await page.locator('[data-testid="letterhead-outcome"][data-outcome="invalid"]').waitFor();
    assert.equal(await iban.getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#letterhead-error-iban').textContent(), /IBAN n'est pas valide/);
    assert.equal(await iban.inputValue(), 'fr76 3000 6000 0112 3456 7890 188', 'what was typed is kept');
    assert.equal(await page.evaluate(() => localStorage.getItem('relance.settings')), null, 'nothing saved');
    await iban.fill('fr76 3000 6000 0112 3456 7890 189');
    await page.getByRole('button', { name: "Enregistrer l'en-tête" }).click();
    await page.locator('[data-testid="letterhead-outcome"][data-outcome="saved"]').waitFor();
    const saved = await storedSettings(page);
    assert.equal(saved.version, 2);
    assert.equal(saved.letterhead.iban, 'FR76 3000 6000 0112 3456 7890 189');
    assert.equal(saved.letterhead.bic, 'AGRIFRPP');
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Votre en-tête' }).waitFor();
    assert.equal(await page.getByLabel('Nom ou raison sociale').inputValue(), 'Atelier Durand SARL');
    assert.equal(await page.getByLabel('Adresse', { exact: true }).inputValue(), '12 rue des Lilas\n75011 Paris');
    assert.equal(await page.getByLabel('IBAN', { exact: true }).inputValue(), 'FR76 3000 6000 0112 3456 7890 189');

    // Templates: a misspelt placeholder is named with the right one, nothing saved.
    await page.getByRole('heading', { level: 2, name: 'Modèles de lettres' }).waitFor();
    await page.getByLabel('Lettre', { exact: true }).selectOption({ label: 'Première relance' });
    await page.getByLabel('Ton', { exact: true }).selectOption('firm');
    const body = page.getByLabel('Texte de la lettre');
    await body.fill('Bonjour {client.name},\n\nIl reste {total.opne} à régler.');
    const error = page.locator('#templates-error-body');
    await page.waitForFunction(() => document.querySelector('#templates-error-body')?.textContent.includes('{total.open}'));
    assert.match(await error.textContent(), /«\s*\{total\.opne\}\s*» n'est pas un champ connu\. Vouliez-vous dire «\s*\{total\.open\}\s*»/);
    assert.equal(await body.getAttribute('aria-invalid'), 'true');
    await page.getByRole('button', { name: 'Enregistrer le modèle' }).click();
    await page.locator('[data-testid="template-outcome"][data-outcome="invalid"]').waitFor();
    assert.equal((await storedSettings(page)).templates.length, 0);
    await page.locator('[data-testid="template-not-valid"]').waitFor();
    // Corrected: previewed with a demo client's figures, saved and marked changed.
    await body.fill('Bonjour {client.name},\n\nIl reste {total.open} à régler.');
    const preview = page.locator('[data-testid="template-preview-letter"]');
    await preview.waitFor();
    assert.equal(await error.textContent(), '');
    assert.match(await preview.textContent(), /Bonjour [^{},]+,Il reste [\d\u202f]+,\d\d\u00a0€ à régler\./);
    await page.getByRole('button', { name: 'Enregistrer le modèle' }).click();
    await page.locator('[data-testid="template-outcome"][data-outcome="saved"]').waitFor();
    await page.locator('[data-testid="template-status"][data-status="changed"]').waitFor();
    const templates = (await storedSettings(page)).templates;
    assert.deepEqual(templates.map((t) => [t.kind, t.lang, t.tone]), [['first-reminder', 'fr', 'firm']]);
    assert.match(await page.getByLabel('Lettre', { exact: true }).locator('option:checked').textContent(), /modifié/);
    await page.getByText('Champs disponibles').click();
    await page.getByText('le total restant dû').waitFor();
    await page.screenshot({ path: screenshotPath('settings-letters-1440-fr'), fullPage: true });
    await assertAccessible(page, 'Settings with letterhead and templates (fr)');
    // Restore the default, then undo, then restore again.
    await page.getByRole('button', { name: 'Restaurer le modèle par défaut' }).click();
    await page.locator('[data-testid="template-status"][data-status="default"]').waitFor();
    assert.equal((await storedSettings(page)).templates.length, 0);
    await page.getByRole('button', { name: 'Annuler', exact: true }).click();
    await page.locator('[data-testid="template-status"][data-status="changed"]').waitFor();
    assert.equal((await storedSettings(page)).templates.length, 1);
    await page.getByRole('button', { name: 'Restaurer le modèle par défaut' }).click();
    await page.locator('[data-testid="template-status"][data-status="default"]').waitFor();
    assert.notEqual(await body.inputValue(), 'Bonjour {client.name},\n\nIl reste {total.open} à régler.');
    assertClean(problems, 'Settings → letters (fr)');
  } finally {
    await context.close();
  }
});

test('letterhead and templates at 360 px in English', async () => {
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'en-GB', width: 360, height: 800 });
  try {
    await page.goto(server.baseUrl + '#/settings');
    await page.getByRole('heading', { level: 2, name: 'Your letterhead' }).waitFor();
    await page.getByLabel('E-mail', { exact: true }).fill('compta@durand');
    await page.getByLabel('E-mail', { exact: true }).blur();
    await page.locator('#letterhead-error-email').getByText('An e-mail address reads').waitFor();
    await page.getByLabel('Letter', { exact: true }).selectOption({ label: 'Formal notice' });
    await page.locator('[data-testid="template-preview-letter"]').getByText('By registered post with acknowledgement of receipt').waitFor();
    assert.match(await page.getByLabel('Text of the letter').inputValue(), /\{/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no horizontal scroll at 360 px with the preview (${width})`);
    await page.screenshot({ path: screenshotPath('settings-letters-360-en'), fullPage: true });
    await assertAccessible(page, 'Settings with letterhead and templates (en, 360 px)');
    await page.getByLabel('Subject', { exact: true }).fill('');
    await page.locator('#templates-error-subject').getByText("The letter's subject is empty.").waitFor();
    await page.locator('[data-testid="template-not-valid"]').waitFor();
    assertClean(problems, 'Settings → letters (en)');
  } finally {
    await context.close();
  }
});

// A 160×48 PNG (a teal square and a grey band), 192 bytes.
const LOGO_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAKAAAAAwCAIAAAAZy+Y5AAAAh0lEQVR42u3aMREAIAwEwThBBHbwgP8qWEhBkZnszTvY9mPd02qprwVgwIABAwYMGDBgwAIswIABAwYMGDBgwIA1DnirHGDAgAEDBgwYMGDAgAELMGDAgAEDBgwYMGDAgAUYMGDAgAEDBgwYsLwqBViAAQMGDBgwYMCAAQuwAAMGDBgwYMBNetTmUM1BdU8sAAAAAElFTkSuQmCC';

test('a logo is chosen, previewed, refused when not an image, saved, kept and printed on letters (en)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-logo-'));
  const png = join(dir, 'logo.png');
  const notes = join(dir, 'notes.txt');
  await writeFile(png, Buffer.from(LOGO_PNG, 'base64'));
  await writeFile(notes, 'not an image\n');
  const { context, page, problems } = await openPage(browser, { origin: server.origin, locale: 'en-GB', width: 1440 });
  try {
    await page.goto(server.baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Welcome to Relance' }).waitFor();
    await page.getByRole('button', { name: 'Load demo data' }).click();
    await page.locator('[data-testid="books-summary"][data-invoices="26"]').waitFor();
    await page.goto(server.baseUrl + '#/settings');
    await page.getByRole('heading', { level: 2, name: 'Your letterhead' }).waitFor();
    await page.getByLabel('Name or company name').fill('Atelier Durand');
    const logo = page.getByLabel('Logo', { exact: true });
    const error = page.locator('#letterhead-logo-error');
    const preview = page.getByRole('img', { name: 'Logo preview' });
    // Not an image: the error beside the field, no preview.
    await logo.setInputFiles(notes);
    await error.getByText('This file is not a PNG or JPEG image').waitFor();
    assert.equal(await logo.getAttribute('aria-invalid'), 'true');
    assert.equal(await preview.count(), 0);
    // A PNG: previewed, the error gone.
    await logo.setInputFiles(png);
    await preview.waitFor();
    assert.equal(await error.textContent(), '');
    assert.equal(await logo.getAttribute('aria-invalid'), null);
    assert.ok(await preview.evaluate((img) => img.complete && img.naturalWidth === 160), 'the preview shows the image');
    assert.equal(await page.evaluate(() => localStorage.getItem('relance.settings')), null, 'nothing saved before Save');
    await page.getByRole('button', { name: 'Save the letterhead' }).click();
    await page.locator('[data-testid="letterhead-outcome"][data-outcome="saved"]').waitFor();
    assert.equal((await storedSettings(page)).letterhead.logo, `data:image/png;base64,${LOGO_PNG}`);
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Your letterhead' }).waitFor();
    await preview.waitFor();
    await page.getByTestId('letterhead-logo').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('settings-logo-1440-en') });
    await assertAccessible(page, 'Settings with a logo (en)');

    // The Letters page: the letter's sender block starts with the logo, named by the sender.
    await page.goto(server.baseUrl + '#/');
    const action = page.getByTestId('dash-action').first();
    await action.getByRole('link', { name: 'Prepare the letter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Letters' }).waitFor();
    const letterLogo = page.getByTestId('letter-preview').getByRole('img', { name: 'Atelier Durand' });
    await letterLogo.waitFor();
    assert.equal(await letterLogo.getAttribute('class'), 'letter__logo');
    assert.equal(await letterLogo.getAttribute('src'), `data:image/png;base64,${LOGO_PNG}`);
    assert.ok(await letterLogo.evaluate((img) => img.complete && img.naturalWidth === 160), 'the letter shows the image');
    const height = await letterLogo.evaluate((img) => img.getBoundingClientRect().height);
    assert.ok(height > 0 && height <= 76, `at most 20 mm high (${height}px)`);
    await letterLogo.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('letters-logo-1440-en') });
    await page.setViewportSize({ width: 360, height: 800 });
    await letterLogo.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('letters-logo-360-en') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: screenshotPath('letters-logo-print-en') });
    await page.emulateMedia({ media: 'screen' });
    assertClean(problems, 'Settings → logo, then Letters (en)');
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});
