//! The banners about the user's stored data, under the header on every page: a change not
//! saved (of the books, of the user's rates), storage unavailable, another tab's save, and the
//! backup reminder.

use leptos::prelude::*;

use crate::i18n::Describe;
use crate::state::books::{SaveState, use_books};
use crate::state::locale::use_locale;
use crate::state::rates::use_rates;
use crate::state::vault::{Encryption, use_vault};
use crate::ui::shell::data_texts::data_texts;
use crate::ui::shell::encryption_texts;

#[component]
pub fn DataBanner() -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let vault = use_vault();
    let rates = use_rates();
    let download_failed = RwSignal::new(false);
    let download = move |_| {
        books.download_backup(rates.user_rates(), locale.lang_untracked(), download_failed);
    };
    let texts = move || data_texts(locale.lang());
    let status = move || {
        let lang = locale.lang();
        let save_state = books.save_state();
        // A change not saved, of the books or of the user's rates (or both): one banner, whose
        // backup holds both as they are in this tab.
        let books_problem = match &save_state {
            SaveState::NotSaved(error) => Some(error.describe(lang)),
            _ => None,
        };
        let rates_problem = match save_state {
            // Those banners say it already, and offer the backup.
            SaveState::OtherTabSaved | SaveState::MemoryOnly => None,
            _ => rates.save_problem().map(|problem| problem.describe(lang)),
        };
        let lead = if books_problem.is_some() {
            texts().not_saved
        } else {
            ""
        };
        let not_saved: Vec<String> = books_problem.into_iter().chain(rates_problem).collect();
        match save_state {
            _ if !not_saved.is_empty() => Some(view! {
                <div class="data-banner data-banner--error no-print" role="alert" data-testid="unsaved-banner">
                    <p><strong>{lead}</strong> " " {not_saved.join(" ")}</p>
                    <button type="button" class="button" data-testid="unsaved-download" on:click=download>
                        {texts().download_backup}
                    </button>
                </div>
            }.into_any()),
            SaveState::OtherTabSaved => Some(view! {
                <div class="data-banner data-banner--error no-print" role="alert" data-testid="other-tab-banner">
                    <p>{texts().other_tab_saved}</p>
                    <p class="button-row">
                        <button type="button" class="button" on:click=download>{texts().download_backup}</button>
                        <button type="button" class="button button--secondary" on:click=move |_| { let _ = window().location().reload(); }>
                            {texts().reload}
                        </button>
                    </p>
                </div>
            }.into_any()),
            SaveState::MemoryOnly => Some(view! {
                <div class="data-banner data-banner--warn no-print" role="status" data-testid="memory-only-banner">
                    <p>{texts().memory_only}</p>
                    <button type="button" class="button" on:click=download>{texts().download_backup}</button>
                </div>
            }.into_any()),
            SaveState::NotSaved(_)
            | SaveState::Saved
            | SaveState::Loading
            | SaveState::Blocked(_)
            | SaveState::Locked => None,
        }
    };
    // Turning encryption on or off was interrupted: Settings finishes it.
    let interrupted = move || match vault.encryption() {
        Encryption::Interrupted(migration) => {
            let text = encryption_texts::interrupted(locale.lang(), migration);
            Some(view! {
                <div class="data-banner data-banner--warn no-print" role="status" data-testid="encryption-interrupted-banner">
                    <p>{text}</p>
                    <a class="button" href="#/settings">{locale.texts().nav_settings}</a>
                </div>
            })
        }
        _ => None,
    };
    let notice = move || {
        books.notice().map(|notice| view! {
            <div class="data-banner data-banner--info no-print" role="status" data-testid="tab-notice">
                <p>{notice.describe(locale.lang())}</p>
                <button type="button" class="button button--secondary" on:click=move |_| books.dismiss_notice()>
                    {texts().dismiss}
                </button>
            </div>
        })
    };
    let reminder = move || {
        if books.save_state() != SaveState::Saved {
            return None;
        }
        // Sooner when the browser did not promise to keep the data (its answer, once given).
        books.track_persist_answer();
        let kept = crate::state::keep_data::kept() != Some(false);
        let due = books
            .backup_meta()
            .reminder_for(crate::clock::today(), kept)?;
        Some(view! {
            <div class="data-banner data-banner--info no-print" role="status" data-testid="backup-reminder">
                <p>{due.describe(locale.lang())}</p>
                <p class="button-row">
                    <button type="button" class="button" data-testid="reminder-download" on:click=download>
                        {texts().download_backup}
                    </button>
                    <button type="button" class="button button--secondary" data-testid="reminder-dismiss" on:click=move |_| books.dismiss_reminder()>
                        {texts().reminder_later}
                    </button>
                </p>
            </div>
        })
    };
    view! {
        {status}
        {interrupted}
        {notice}
        {reminder}
        <Show when=move || download_failed.get()>
            <p class="data-banner data-banner--error no-print" role="alert">{texts().download_failed}</p>
        </Show>
    }
}
