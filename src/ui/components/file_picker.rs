//! The file picker: a labelled `<input type=file>` whose chosen file is read as text (the one
//! component that offers a file to read: a backup to restore, rates to import, and the imports
//! to come).

use leptos::prelude::*;

use crate::ui::components::file_size::FileProblem;
use crate::ui::components::file_text::read_chosen_file;

/// A labelled file input; the chosen file's text goes to `on_text`, or why it was not read (over
/// `max_bytes`, checked before reading; unreadable). Nothing chosen (the dialog cancelled):
/// nothing is called.
#[component]
pub fn FilePicker(
    /// The input's id and test id (`restore-file`, `rate-import-file`).
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    /// The file types offered first (`accept`): `.json,application/json`.
    accept: &'static str,
    /// Called when a file is chosen, before it is read (to clear what the last one left).
    #[prop(optional)]
    on_choose: Option<Callback<()>>,
    /// The largest file read, in bytes: a larger one is refused from its size, unread.
    max_bytes: u64,
    /// Called with the chosen file's text, or why it was not read.
    on_text: Callback<Result<String, FileProblem>>,
    /// What to say under the field (the last file could not be read, say).
    #[prop(optional, into)]
    error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field--invalid=move || error.is_some_and(|error| error.with(Option::is_some))>
            <label for=id>{move || label.get()}</label>
            <input
                id=id
                type="file"
                accept=accept
                data-testid=id
                aria-describedby=error_id.clone()
                on:change=move |event| {
                    if let Some(on_choose) = on_choose {
                        on_choose.run(());
                    }
                    read_chosen_file(&event, max_bytes, move |text| on_text.run(text));
                }
            />
            <p class="field__error" id=error_id>{move || error.and_then(|error| error.get())}</p>
        </div>
    }
}
