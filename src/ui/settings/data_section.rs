//! Settings → your data: backup download, restore (replace or merge), storage usage and
//! whether the browser keeps the data.

use leptos::prelude::*;

use crate::domain::merge::{MergeReport, merge};
use crate::i18n::Describe;
use crate::state::backup::{self, Restored};
use crate::state::books::{ApplyError, KeptKind, RestoreError, use_books};
use crate::state::device::{self, Persistence as Durability};
use crate::state::locale::use_locale;
use crate::state::rates::{Edited, RatesNotice, RestoreMode, use_rates};
use crate::ui::components::file_picker::FilePicker;
use crate::ui::components::file_size::{FileProblem, too_large};
use crate::ui::settings::data_texts::{SectionTexts, section_texts};
use crate::ui::shell::data_texts::data_texts;
use crate::ui::shell::data_texts::summary_sentence;
use crate::ui::shell::encryption_texts::encryption_texts;

/// What the restore form holds.
#[derive(Clone, Debug, PartialEq, Eq)]
enum RestoreState {
    Idle,
    /// An encrypted backup: its text, awaiting the passphrase (`error`: why the last one did
    /// not open it; `working`: being opened).
    Locked {
        text: String,
        error: Option<String>,
        working: bool,
    },
    /// The file was read and checked: what it holds, awaiting the user's choice.
    Read(Box<Restored>),
    ConfirmReplace(Box<Restored>),
    /// A file that cannot be restored, and why (already a sentence).
    Refused(String),
    /// Replaced in this tab; `books_saved`, `rates`: whether the books and the rates are in
    /// storage too (otherwise the banners say what is not).
    Replaced {
        books_saved: bool,
        rates: Edited,
    },
    Merged {
        report: Box<MergeReport>,
        books_saved: bool,
        rates: Edited,
    },
    /// Restoring failed (the message says why; nothing changed).
    Failed(String),
    /// The books in use could not be kept aside for an undo (the message says why): nothing
    /// was replaced; the user may still replace with no way back.
    NoWayBack(String, Box<Restored>),
}

/// Where "undo the restore" stands.
#[derive(Clone, Debug, PartialEq, Eq)]
enum UndoState {
    /// Undone (`changed`: the books undone held changes made since the restore, kept aside
    /// with them); `redo`: it put back what an undo had replaced.
    Done { changed: bool, redo: bool },
    /// The books changed since the restore: the reason, awaiting confirmation.
    Confirm(String),
    /// Not undone, and why (nothing changed).
    Failed(String),
}

impl RestoreState {
    /// Restored, and all of it saved (books and rates), no part left out.
    fn all_saved(&self) -> bool {
        match self {
            RestoreState::Replaced { books_saved, rates }
            | RestoreState::Merged {
                books_saved, rates, ..
            } => *books_saved && rates.saved && !rates.conflicted(),
            _ => false,
        }
    }
}

/// What of a restore is not saved (or not made), exactly: the books, the rates, or both.
fn not_saved_sentence(books_saved: bool, rates: &Edited, texts: &SectionTexts) -> String {
    let mut parts = vec![if books_saved {
        texts.restore_books_saved
    } else {
        texts.restore_books_not_saved
    }];
    if !rates.saved {
        parts.push(texts.restore_rates_not_saved);
    } else if !books_saved {
        parts.push(texts.restore_rates_saved);
    }
    if rates.conflicted() {
        parts.push(texts.restore_rates_conflict);
    }
    parts.join(" ")
}

#[component]
pub fn DataSection() -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let rates = use_rates();
    let settings = crate::state::settings::use_settings();
    // Settings' notice of what another tab did to the rates (see `ui::settings`).
    let rates_notice = use_context::<RatesNotice>();
    let vault = crate::state::vault::use_vault();
    let session = crate::state::session::use_session();
    let texts = move || data_texts(locale.lang());
    let section = move || section_texts(locale.lang());
    let download_failed = RwSignal::new(false);
    let state = RwSignal::new(RestoreState::Idle);
    let durability = RwSignal::new(None::<Durability>);
    // Read when the page opens, and again once the app's own request is answered.
    Effect::new(move |_| {
        books.track_persist_answer();
        leptos::task::spawn_local(async move {
            durability.try_set(Some(device::persistence().await));
        });
    });
    let ask_durability = move |_| {
        leptos::task::spawn_local(async move {
            durability.try_set(Some(device::ask_persistence().await));
        });
    };
    let summary = Memo::new(move |_| {
        let rates_count = rates.user_rates().len();
        books.summary(rates_count)
    });
    // Measured again after every change of what is stored: the books, the user's rates, and
    // encryption (sealed values are larger).
    // What the browser allows, measured once the page has painted (a scratch key written and
    // removed); Chromium's figure until then.
    let quota = RwSignal::new(None::<u64>);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            crate::state::vault::let_the_page_paint().await;
            quota.try_set(Some(device::measure_quota().await));
        });
    });
    let usage = Memo::new(move |_| {
        books.ledger().track();
        rates.user_rates();
        vault.encryption();
        device::usage()
    });
    // The passphrase that opened an encrypted backup, kept until the next file: if this browser's
    // data is not encrypted, restoring offers to encrypt it with that passphrase.
    let opened_with = StoredValue::new(None::<String>);
    let encrypt_outcome = RwSignal::new(None::<Result<(), String>>);
    let on_choose = move || {
        opened_with.set_value(None);
        encrypt_outcome.set(None);
    };
    let on_text = move |text: Result<String, FileProblem>| {
        let lang = locale.lang_untracked();
        state.set(match text {
            Ok(text) if backup::is_encrypted(&text) => RestoreState::Locked {
                text,
                error: None,
                working: false,
            },
            Ok(text) => read_backup(&text, lang),
            Err(FileProblem::TooLarge { bytes, limit }) => RestoreState::Refused(too_large(
                bytes,
                limit,
                section_texts(lang).restore_file_what,
                lang,
            )),
            Err(FileProblem::Unreadable) => {
                RestoreState::Refused(texts().download_failed.to_string())
            }
        });
    };
    // An encrypted backup: the passphrase opens it (Argon2id, costly on purpose), then it is read
    // like any other.
    let open_locked = move |passphrase: String| {
        let RestoreState::Locked { text, .. } = state.get_untracked() else {
            return;
        };
        state.set(RestoreState::Locked {
            text: text.clone(),
            error: None,
            working: true,
        });
        leptos::task::spawn_local(async move {
            crate::state::vault::let_the_page_paint().await;
            let lang = locale.lang_untracked();
            let next = match backup::open_encrypted(&text, &passphrase) {
                Ok(plain) => {
                    opened_with.try_set_value(Some(passphrase));
                    read_backup(&plain, lang)
                }
                Err(error) => RestoreState::Locked {
                    text: text.clone(),
                    error: Some(error.describe(lang)),
                    working: false,
                },
            };
            // Unless the user cancelled or chose another file meanwhile.
            let still_this_file = state.try_with_untracked(|current| {
                matches!(current, RestoreState::Locked { text: current, working: true, .. } if *current == text)
            });
            if still_this_file == Some(true) {
                state.try_set(next);
            }
        });
    };
    // Encrypts this browser's data with the passphrase that opened the restored backup.
    let encrypt_restored = move |_| {
        let Some(passphrase) = opened_with.get_value() else {
            return;
        };
        leptos::task::spawn_local(async move {
            crate::state::vault::let_the_page_paint().await;
            let lang = locale.lang_untracked();
            let result = crate::state::encryption::turn_on(&passphrase)
                .map_err(|(opened, error)| (opened, error.describe(lang)));
            let outcome = session.adopt(result);
            opened_with.try_set_value(None);
            encrypt_outcome.try_set(Some(outcome));
        });
    };
    // What is kept aside for "undo the restore" (read again after every change of the books).
    let kept = Memo::new(move |_| {
        books.ledger().track();
        books.kept_aside()
    });
    let undo_state = RwSignal::new(None::<UndoState>);
    let undo = move |even_if_changed: bool| {
        let lang = locale.lang_untracked();
        let redo = kept
            .get_untracked()
            .is_some_and(|record| record.kind == KeptKind::Undo);
        let next = match books.undo_restore(even_if_changed) {
            Ok(changed) => UndoState::Done { changed, redo },
            Err(ApplyError::Rejected(error @ RestoreError::ChangedSinceRestore)) => {
                UndoState::Confirm(error.describe(lang))
            }
            Err(error) => UndoState::Failed(error.describe(lang)),
        };
        state.set(RestoreState::Idle);
        undo_state.set(Some(next));
    };
    let replace = move |restored: Restored, way_back: bool| {
        let lang = locale.lang_untracked();
        undo_state.set(None);
        let ledger = restored.ledger.clone();
        match books.replace(ledger, way_back) {
            Ok(()) => {
                let rates = rates.restore(&restored.rates, RestoreMode::Replace);
                if let Some(notice) = rates_notice {
                    notice.show(&rates);
                }
                // Replacing takes the backup's settings too (merging keeps this device's).
                if let Some(lang) = restored.settings.lang {
                    locale.set(lang);
                }
                // The backup's settings record, when it has one (older files have none: this
                // device's settings stay). Shown by the Settings sections if not saved.
                if let Some(record) = &restored.settings.record {
                    let _ = settings.restore(record);
                }
                state.set(RestoreState::Replaced {
                    books_saved: books.is_saved(),
                    rates,
                });
            }
            Err(ApplyError::Rejected(error @ RestoreError::KeepAside(_))) => {
                state.set(RestoreState::NoWayBack(
                    error.describe(lang),
                    Box::new(restored),
                ));
            }
            Err(error) => state.set(RestoreState::Failed(error.describe(lang))),
        }
    };
    let merge_in = move |restored: Restored| {
        let lang = locale.lang_untracked();
        // Merged on whatever the books hold when saving (another tab's newer version too).
        // Kept by the command: it may run again later (see `Books::apply`).
        let incoming = restored.ledger.clone();
        let outcome = books.apply(move |current| {
            let (merged, report) = merge(current, &incoming)?;
            *current = merged;
            Ok::<MergeReport, crate::domain::merge::MergeError>(report)
        });
        match outcome {
            Ok(report) => {
                let rates = rates.restore(&restored.rates, RestoreMode::Merge);
                if let Some(notice) = rates_notice {
                    notice.show(&rates);
                }
                state.set(RestoreState::Merged {
                    report: Box::new(report),
                    books_saved: books.is_saved(),
                    rates,
                });
            }
            Err(error) => state.set(RestoreState::Failed(error.describe(lang))),
        }
    };
    view! {
        <section class="card settings__data" aria-labelledby="settings-data-title" data-testid="data-section">
            <h2 id="settings-data-title">{move || texts().books_title}</h2>
            <p data-testid="data-summary">{move || summary_sentence(&summary.get(), locale.lang())}</p>

            <h3>{move || section().backup_title}</h3>
            <p>{move || section().backup_intro}</p>
            <p data-testid="backup-last">{move || match books.backup_meta().last_backup {
                Some(day) => format!("{} {}", section().backup_last, crate::format::date_long(day, locale.lang())),
                None => section().backup_never.to_string(),
            }}</p>
            <Show when=move || vault.is_encrypted()>
                <p data-testid="backup-encrypted">{move || encryption_texts(locale.lang()).backup_encrypted_note}</p>
            </Show>
            <button type="button" class="button" data-testid="backup-download"
                on:click=move |_| books.download_backup(rates.user_rates(), locale.lang_untracked(), download_failed)>
                {move || texts().download_backup}
            </button>
            <Show when=move || download_failed.get()>
                <p class="field__error" role="alert">{move || texts().download_failed}</p>
            </Show>

            <h3>{move || section().restore_title}</h3>
            <p>{move || section().restore_intro}</p>
            <FilePicker
                id="restore-file"
                label=Signal::derive(move || section().restore_file)
                accept=".json,application/json"
                max_bytes=backup::MAX_BACKUP_BYTES
                on_choose=Callback::new(move |()| on_choose())
                on_text=Callback::new(on_text)
            />
            {move || restore_view(state, replace, merge_in, open_locked, undo)}
            <Show when=move || {
                (kept.get().is_some() || undo_state.get().is_some())
                    // The restore's own notice offers the undo while it is shown.
                    && !state.with(|state| {
                        matches!(state, RestoreState::Replaced { .. }) && state.all_saved()
                    })
            }>
                <div data-testid="undo-restore">
                    <h3>{move || section().undo_title}</h3>
                    {move || kept.get().map(|record| {
                        let (sentence, button) = match record.kind {
                            KeptKind::Restore => (section().undo_kept_restore, section().undo_button),
                            KeptKind::Undo => (section().undo_kept_undo, section().redo_button),
                        };
                        let made = crate::format::date_long(record.made, locale.lang());
                        view! {
                            <p data-testid="undo-kept">{sentence} " " {made} "."</p>
                            <p class="button-row">
                                <button type="button" class="button button--secondary" data-testid="undo-restore-button"
                                    on:click=move |_| undo(false)>
                                    {button}
                                </button>
                            </p>
                        }
                    })}
                    {move || undo_state.get().map(|outcome| match outcome {
                        UndoState::Done { changed, redo } => {
                            let words = match (redo, changed) {
                                (true, _) => section().redo_done,
                                (false, false) => section().undo_done,
                                (false, true) => section().undo_done_changes,
                            };
                            view! {
                                <p class="notice notice--ok" role="status" data-testid="undo-done">
                                    {words} " " {section().undo_rest_unchanged}
                                </p>
                            }.into_any()
                        }
                        UndoState::Confirm(reason) => view! {
                            <div class="notice notice--warn" role="alert" data-testid="undo-confirm">
                                <p>{reason} " " {section().undo_changed_explain}</p>
                                <p class="button-row">
                                    <button type="button" class="button button--danger" on:click=move |_| undo(true)>
                                        {section().undo_anyway}
                                    </button>
                                    <button type="button" class="button button--secondary" on:click=move |_| undo_state.set(None)>
                                        {section().restore_cancel}
                                    </button>
                                </p>
                            </div>
                        }.into_any(),
                        UndoState::Failed(message) => view! {
                            <p class="notice notice--error" role="alert" data-testid="undo-error">{message}</p>
                        }.into_any(),
                    })}
                </div>
            </Show>
            <Show when=move || {
                state.with(RestoreState::all_saved)
                    && opened_with.with_value(Option::is_some)
                    && vault.encryption() == crate::state::vault::Encryption::Off
                    && !vault.is_memory()
            }>
                <div class="notice notice--warn" data-testid="restored-plain">
                    <p>{move || encryption_texts(locale.lang()).restored_plain}</p>
                    <p class="button-row">
                        <button type="button" class="button" data-testid="restored-encrypt" on:click=encrypt_restored>
                            {move || encryption_texts(locale.lang()).restored_encrypt}
                        </button>
                    </p>
                </div>
            </Show>
            {move || encrypt_outcome.get().map(|outcome| match outcome {
                Ok(()) => view! {
                    <p class="notice notice--ok" role="status" data-testid="restored-encrypted">{encryption_texts(locale.lang()).turned_on}</p>
                }.into_any(),
                Err(message) => view! {
                    <p class="notice notice--error" role="alert" data-testid="restored-encrypt-error">{message}</p>
                }.into_any(),
            })}

            <h3>{move || section().storage_title}</h3>
            <p data-testid="storage-usage" data-quota=move || quota.get().map(|chars| chars.to_string())>{move || usage.get().map(|(chars, keys)| {
                let allowed = quota.get().unwrap_or(device::LOCAL_STORAGE_QUOTA_CHARS);
                crate::ui::shell::data_texts::storage_usage(chars, keys, allowed, locale.lang())
            })}</p>
            <p data-testid="persistence">{move || match durability.get() {
                Some(Durability::Granted) => section().persist_granted,
                Some(Durability::NotGranted) => section().persist_not_granted,
                Some(Durability::Unsupported) => section().persist_unsupported,
                None => "",
            }}</p>
            <Show when=move || durability.get() == Some(Durability::NotGranted)>
                <button type="button" class="button button--secondary" data-testid="persist-ask" on:click=ask_durability>
                    {move || section().persist_ask}
                </button>
            </Show>
        </section>
    }
}

/// A plain backup's text, read and checked: what it holds, or why it is refused.
fn read_backup(text: &str, lang: crate::i18n::Lang) -> RestoreState {
    match backup::read(text) {
        Ok(restored) => RestoreState::Read(Box::new(restored)),
        Err(error) => RestoreState::Refused(error.describe(lang)),
    }
}

fn restore_view(
    state: RwSignal<RestoreState>,
    replace: impl Fn(Restored, bool) + Copy + Send + Sync + 'static,
    merge_in: impl Fn(Restored) + Copy + Send + Sync + 'static,
    open_locked: impl Fn(String) + Copy + Send + Sync + 'static,
    undo: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> AnyView {
    let locale = use_locale();
    let section = move || section_texts(locale.lang());
    match state.get() {
        RestoreState::Idle => ().into_any(),
        RestoreState::Locked { error, working, .. } => {
            let words = encryption_texts(locale.lang());
            let passphrase = RwSignal::new(String::new());
            let submit = move |event: web_sys::SubmitEvent| {
                event.prevent_default();
                open_locked(passphrase.get_untracked());
            };
            view! {
                <form class="notice" data-testid="restore-locked" on:submit=submit>
                    <p>{words.restore_passphrase_intro}</p>
                    <label class="field">
                        <span class="field__label">{words.passphrase}</span>
                        <input type="password" autocomplete="current-password" data-testid="restore-passphrase"
                            prop:disabled=working
                            on:input=move |event| passphrase.set(event_target_value(&event))/>
                    </label>
                    <p class="button-row">
                        <button type="submit" class="button" data-testid="restore-open" prop:disabled=working>
                            {if working { words.restore_opening } else { words.restore_open }}
                        </button>
                        <button type="button" class="button button--secondary" on:click=move |_| state.set(RestoreState::Idle)>
                            {section().restore_cancel}
                        </button>
                    </p>
                    {error.map(|message| view! {
                        <p class="notice notice--error" role="alert" data-testid="restore-error">{message}</p>
                    })}
                </form>
            }
            .into_any()
        }
        RestoreState::NoWayBack(message, restored) => view! {
            <div class="notice notice--error" role="alert" data-testid="restore-no-way-back">
                <p>{message}</p>
                <p class="button-row">
                    <button type="button" class="button button--danger"
                        on:click=move |_| replace((*restored).clone(), false)>
                        {section().restore_replace_anyway}
                    </button>
                    <button type="button" class="button button--secondary" on:click=move |_| state.set(RestoreState::Idle)>
                        {section().restore_cancel}
                    </button>
                </p>
            </div>
        }
        .into_any(),
        RestoreState::Refused(message) | RestoreState::Failed(message) => view! {
            <p class="notice notice--error" role="alert" data-testid="restore-error">{message}</p>
        }
        .into_any(),
        RestoreState::Read(restored) => {
            let summary = summary_sentence(&restored.summary(), locale.lang());
            let made = crate::format::date_long(restored.created, locale.lang());
            let for_merge = restored.clone();
            view! {
                <div class="notice" data-testid="restore-summary">
                    <p>{section().restore_contains} " " {summary} " (" {section().restore_made_on} " " {made} ")"</p>
                    <p class="button-row">
                        <button type="button" class="button" data-testid="restore-merge"
                            on:click=move |_| merge_in((*for_merge).clone())>
                            {section().restore_merge}
                        </button>
                        <button type="button" class="button button--danger" data-testid="restore-replace"
                            on:click=move |_| state.set(RestoreState::ConfirmReplace(restored.clone()))>
                            {section().restore_replace}
                        </button>
                        <button type="button" class="button button--secondary" on:click=move |_| state.set(RestoreState::Idle)>
                            {section().restore_cancel}
                        </button>
                    </p>
                </div>
            }
            .into_any()
        }
        RestoreState::ConfirmReplace(restored) => view! {
            <div class="notice notice--error" role="alert">
                <p>{section().restore_replace_confirm}</p>
                <p class="button-row">
                    <button type="button" class="button button--danger" data-testid="restore-replace-confirm"
                        on:click=move |_| replace((*restored).clone(), true)>
                        {section().restore_replace_confirm_button}
                    </button>
                    <button type="button" class="button button--secondary" on:click=move |_| state.set(RestoreState::Idle)>
                        {section().restore_cancel}
                    </button>
                </p>
            </div>
        }
        .into_any(),
        done @ RestoreState::Replaced { .. } if done.all_saved() => {
            let kept = use_books().kept_aside().is_some_and(|record| record.kind == KeptKind::Restore);
            view! {
                <div class="notice notice--ok" role="status" data-testid="restore-done">
                    <p>{section().restore_replaced}</p>
                    <Show when=move || kept>
                        <p>{section().restore_kept_aside}</p>
                        <p class="button-row">
                            <button type="button" class="button button--secondary" data-testid="undo-restore-button"
                                on:click=move |_| undo(false)>
                                {section().undo_button}
                            </button>
                        </p>
                    </Show>
                </div>
            }
            .into_any()
        }
        RestoreState::Replaced { books_saved, rates } => view! {
            <p class="notice notice--error" role="alert" data-testid="restore-not-saved">
                {not_saved_sentence(books_saved, &rates, section())}
            </p>
        }
        .into_any(),
        RestoreState::Merged { report, books_saved: true, rates } if rates.saved && !rates.conflicted() => {
            let lang = locale.lang();
            let conflicts: Vec<String> = report.conflicts.iter().map(|conflict| conflict.describe(lang)).collect();
            view! {
                <div class="notice notice--ok" role="status" data-testid="restore-done">
                    <p>{report.describe(lang)}</p>
                    <Show when={let empty = conflicts.is_empty(); move || !empty}>
                        <p>{section().restore_conflicts}</p>
                    </Show>
                    <ul data-testid="restore-conflicts">
                        {conflicts.clone().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    </ul>
                </div>
            }
            .into_any()
        }
        RestoreState::Merged { report, books_saved, rates } => view! {
            <div class="notice notice--error" role="alert" data-testid="restore-not-saved">
                <p>{report.describe(locale.lang())}</p>
                <p>{not_saved_sentence(books_saved, &rates, section())}</p>
            </div>
        }
        .into_any(),
    }
}
