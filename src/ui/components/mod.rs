//! What two features share: an action behind a confirmation ([`confirm::ConfirmedAction`]),
//! the contact log with its "add an entry" form ([`contact_log::ContactLog`]), moving the
//! focus by id ([`focus`]),
//! the one form field ([`field::InputField`], text, date or amount; it
//! decides when an error shows) and the choice list ([`field::ChoiceField`]), the file picker
//! ([`file_picker::FilePicker`]), the chosen file's reader ([`file_text`]) and its size limit
//! ([`file_size`]), the pages' own
//! stylesheet, loaded with their chunk ([`stylesheet::feature_styles`]), and payment plans as the
//! invoice's and the client's pages show them ([`plan_summary`], [`plan_words`]), and the link
//! to a letter ([`letter_link::LetterLink`]), the CSV export block ([`csv_export::CsvExport`]).

pub mod confirm;
pub mod contact_log;
pub mod csv_export;
pub mod field;
pub mod file_picker;
pub mod file_size;
pub mod file_text;
pub mod focus;
pub mod letter_link;
pub mod plan_summary;
pub mod plan_words;
pub mod search;
pub mod sort;
pub mod stylesheet;
