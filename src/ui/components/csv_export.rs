//! "Export (CSV)" as every list shows it: the file's format (standard, or Excel France),
//! preset from Settings (or, while none is chosen there, the interface's language: Excel France
//! in French) and changeable for this export, and one button per table. Each
//! button's table is computed when clicked, from what the page shows (the same filter), by
//! `export::tables`; a failure is said beside the buttons.

use leptos::prelude::*;

use crate::export::csv::CsvDialect;
use crate::i18n::Lang;
use crate::state::locale::use_locale;
use crate::ui::components::field::ChoiceField;

/// One table to export: its button's label and what makes the file (name and text, or why not).
#[derive(Clone)]
pub struct CsvTable {
    pub label: &'static str,
    pub testid: &'static str,
    #[allow(clippy::type_complexity)]
    pub make: std::sync::Arc<dyn Fn(CsvDialect) -> Result<(String, String), String> + Send + Sync>,
}

struct ExportTexts {
    title: &'static str,
    format: &'static str,
    done: &'static str,
    refused: &'static str,
}

fn texts(lang: Lang) -> ExportTexts {
    match lang {
        Lang::Fr => ExportTexts {
            title: "Exporter (CSV)",
            format: "Format du fichier",
            done: "Fichier proposé au téléchargement : {name}.",
            refused: "Le navigateur a refusé le téléchargement.",
        },
        Lang::En => ExportTexts {
            title: "Export (CSV)",
            format: "File format",
            done: "File offered for download: {name}.",
            refused: "The browser refused the download.",
        },
    }
}

/// The export block. `scope` makes its ids unique on the page.
#[component]
pub fn CsvExport(scope: &'static str, tables: Vec<CsvTable>) -> impl IntoView {
    let locale = use_locale();
    let settings = crate::state::settings::use_settings();
    let chosen = RwSignal::new(None::<CsvDialect>);
    let dialect = Signal::derive(move || {
        chosen
            .get()
            .or_else(|| settings.with(|settings| settings.csv_dialect))
            .unwrap_or_else(|| CsvDialect::for_lang(locale.lang()))
    });
    let notice = RwSignal::new(None::<String>);
    let choices = Signal::derive(move || {
        let lang = locale.lang();
        CsvDialect::ALL
            .into_iter()
            .map(|dialect| (dialect.code().to_string(), dialect.name(lang).to_string()))
            .collect::<Vec<_>>()
    });
    let title_id = format!("{scope}-export-title");
    let labelled_by = title_id.clone();
    view! {
        <section class="csv-export" aria-labelledby=labelled_by>
            <h2 id=title_id class="csv-export__title">{move || texts(locale.lang()).title}</h2>
            <div class="field-row">
                <ChoiceField scope=scope name="csv-format" label=Signal::derive(move || texts(locale.lang()).format)
                    current=Signal::derive(move || dialect.get().code().to_string())
                    choices=choices
                    on_change=Callback::new(move |code: String| chosen.set(CsvDialect::from_code(&code)))
                    error=Signal::derive(|| None::<String>)/>
            </div>
            <p class="button-row">
                {tables.into_iter().map(|table| {
                    let make = table.make.clone();
                    let click = move |_| {
                        let lang = locale.lang_untracked();
                        let said = match make(dialect.get_untracked()) {
                            Ok((name, text)) => {
                                if crate::export::download::download_text(&name, "text/csv;charset=utf-8", &text) {
                                    texts(lang).done.replace("{name}", &name)
                                } else {
                                    texts(lang).refused.to_string()
                                }
                            }
                            Err(reason) => reason,
                        };
                        notice.set(Some(crate::format::typography(&said, lang)));
                    };
                    view! {
                        <button type="button" class="button button--secondary" data-testid=table.testid on:click=click>
                            {table.label}
                        </button>
                    }
                }).collect_view()}
            </p>
            <p role="status" class="field__hint">{move || notice.get()}</p>
        </section>
    }
}
