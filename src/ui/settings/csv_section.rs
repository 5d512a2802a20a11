//! Settings → the format of CSV exports, chosen once (each export may still change it for
//! itself): the interface language's (Excel France in French, standard in English), standard
//! (comma, decimal point, ISO dates), or Excel France (semicolon, decimal comma, byte-order
//! mark, JJ/MM/AAAA). Saved as soon as it is chosen, through the settings record.

use leptos::prelude::*;

use crate::export::csv::CsvDialect;
use crate::i18n::Lang;
use crate::state::locale::use_locale;
use crate::state::settings::use_settings;
use crate::ui::components::field::ChoiceField;
use crate::ui::settings::defaults_section::{SaveOutcome, outcome_view};
use crate::ui::settings::preferences_texts::preferences_texts;

/// The choice's value for "follow the interface language".
const BY_LANGUAGE: &str = "language";

fn texts(lang: Lang) -> (&'static str, &'static str, &'static str, &'static str) {
    match lang {
        Lang::Fr => (
            "Exports CSV",
            "Le format des fichiers CSV exportés (factures, clients, balance âgée…). Chaque export peut en changer pour lui-même.",
            "Format des fichiers",
            "Selon la langue de l'interface",
        ),
        Lang::En => (
            "CSV exports",
            "The format of exported CSV files (invoices, clients, aging…). Each export may change it for itself.",
            "File format",
            "By the interface language",
        ),
    }
}

#[component]
pub fn CsvSection() -> impl IntoView {
    let locale = use_locale();
    let settings = use_settings();
    let outcome: RwSignal<Option<SaveOutcome>> = RwSignal::new(None);
    let current = Signal::derive(move || {
        settings.with(|settings| {
            settings
                .csv_dialect
                .map_or(BY_LANGUAGE, CsvDialect::code)
                .to_string()
        })
    });
    let choices = Signal::derive(move || {
        let lang = locale.lang();
        let mut choices = vec![(BY_LANGUAGE.to_string(), texts(lang).3.to_string())];
        choices.extend(
            CsvDialect::ALL
                .into_iter()
                .map(|dialect| (dialect.code().to_string(), dialect.name(lang).to_string())),
        );
        choices
    });
    let on_change = Callback::new(move |code: String| {
        let mut chosen = settings.get_untracked();
        chosen.csv_dialect = CsvDialect::from_code(&code);
        let edited = settings.save(chosen);
        outcome.set(Some(SaveOutcome::of(edited)));
    });
    view! {
        <section class="card settings__csv" aria-labelledby="settings-csv-title" data-testid="settings-csv">
            <h2 id="settings-csv-title">{move || texts(locale.lang()).0}</h2>
            <p class="field__hint">{move || texts(locale.lang()).1}</p>
            <div class="field-row">
                <ChoiceField scope="settings-csv" name="format" label=Signal::derive(move || texts(locale.lang()).2)
                    current=current choices=choices on_change=on_change error=Signal::derive(|| None::<String>)/>
            </div>
            <p>{move || outcome_view(outcome.get(), preferences_texts(locale.lang()), locale.lang(), "settings-csv-outcome")}</p>
        </section>
    }
}
