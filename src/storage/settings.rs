//! The user's settings (Settings → defaults, dunning ladder, aging buckets) as stored in the
//! browser: one versioned JSON record under `relance.settings`.
//!
//! ```json
//! {"format":"relance-settings","version":2,"currency":"EUR","terms":"net 30",
//!  "penalty":"fr-b2b","stop_work_days":30,
//!  "ladder":[{"step":"courtesy","days":-5,"channel":"email"},…],
//!  "aging":[30,60,90],
//!  "letterhead":{"name":"…","trade_name":"","address":"…","siren":"…","vat":"",
//!                "iban":"…","bic":"…","email":"…","phone":"",
//!                "logo":"data:image/png;base64,…"},
//!  "templates":[{"kind":"first-reminder","lang":"fr","tone":"firm","subject":"…","body":"…"}],
//!  "csv":"excel-fr"}
//! ```
//!
//! - `currency`: ISO 4217 code; `terms`: `on-receipt` or `<rule code> <days>` (`net 30`,
//!   `days-end-of-month 45`, `end-of-month-days 10`; no fixed date, no discount: a default
//!   applies to invoices of any date); `penalty`: a regime id (`PenaltyClause::REGIME_IDS`),
//!   with `penalty_rate` (percent, a decimal string) for `fr-b2b-contract` and `fixed`, and
//!   `penalty_fixed` (an amount in `currency`, optional) for `fixed`;
//! - `stop_work_days`: 0 to 3650; `ladder`: the dunning steps in order (`step`: a `StepKind`
//!   code, `days` from the due date, `channel`: a `Channel` code), checked by
//!   `DunningPolicy::new`; `aging`: the bucket bounds, checked by `AgingBounds::new`.
//! - version 2 on: `letterhead`, the user's identity on letters (nine text fields, all
//!   required, any may be empty; kept as typed: Settings checks them before saving);
//!   `templates`, only the letter templates the user changed (`LetterKind` code, `fr`/`en`,
//!   `Tone` code, subject, body). Version 1 records still read: no letterhead, every template
//!   the default.
//! - `csv` (version 2, optional, absent while the user has not chosen): the format of CSV
//!   exports, `standard` or `excel-fr` (`export::csv::CsvDialect`); absent, exports follow the
//!   interface's language.
//! - `letterhead.logo` (optional, absent when there is none): the logo as a `data:` URL of a
//!   PNG or JPEG in strict base64, checked again on reading by `Logo::from_data_url` (signature,
//!   size limit). A stored logo that no longer checks does not make the record unreadable and
//!   is not dropped: it is kept with its text in [`Preferences::kept_logo`] (written back as it
//!   was, as long as no other logo is chosen or it is not removed), letters go without a logo
//!   meanwhile, and Settings says so beside the logo field.
//! - A stored template that no longer checks (a placeholder unknown to this version, a text
//!   edited by hand) does not make the record unreadable, and is not dropped: it is kept with
//!   its text in [`Preferences::kept_templates`] (written back as it was), the default is used
//!   for that letter meanwhile, and Settings shows it with its error to be corrected. An
//!   unknown kind, language or tone code is a malformed record (kept whole, as any other).
//!
//! The text is read into a DTO of plain values first ([`SettingsDto`]), then into domain values
//! through the domain's own checks; every field is required, unknown fields are refused, and a
//! newer version is named as such. A stored record that cannot be read is never overwritten:
//! it is reported with its text ([`LoadSettingsError::Unreadable`]) and only
//! [`quarantine_and_reset`], after the user confirms, moves it aside to
//! `relance.settings.quarantine.<n>`.
//!
//! Several tabs (as `storage::rates`): [`save_edit`] first checks that the stored record is
//! still the one the tab last read or wrote; if another tab wrote since, this tab's changes
//! are applied again on that version part by part ([`rebase`]); a part both tabs changed
//! differently keeps the other tab's value and is reported.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use rust_decimal::Decimal;

use super::json::{self, Style, UnknownFields, Writer, read_header};
use super::key_value::{KeyValue, StorageError};
use super::keys;
use crate::domain::letter::{
    LangKey, LetterKind, Template, TemplateError, TemplateKey, TemplateSet, Tone,
};
use crate::domain::letterhead::Letterhead;
use crate::domain::logo::{Logo, LogoError};
use crate::domain::{
    AgingBounds, AgingBoundsError, Channel, Currency, DEFAULT_STOP_WORK_DAYS, DueRule,
    DunningPolicy, DunningStep, MAX_STOP_WORK_DAYS, Money, PaymentTerms, PenaltyClause,
    PolicyError, StepKind,
};
use crate::export::csv::CsvDialect;
use crate::i18n::{Describe, Lang};

/// The format's name, first field of the record.
pub const FORMAT: &str = "relance-settings";
/// The version this build writes and reads.
pub const VERSION: u64 = 2;
/// The last version without letterhead and templates, still read.
pub const VERSION_1: u64 = 1;

/// A stored template that does not check: kept as it was (not in use) until corrected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptTemplate {
    pub key: TemplateKey,
    pub template: Template,
    pub error: TemplateError,
}

/// A stored logo that does not check: kept as it was (not in use) until replaced or removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptLogo {
    /// The stored text, written back unchanged.
    pub text: String,
    pub error: LogoError,
}

/// The user's settings, as the app uses them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preferences {
    /// The currency of a new invoice.
    pub currency: Currency,
    /// The terms of a new invoice (no fixed date, no discount).
    pub terms: PaymentTerms,
    /// The penalty clause of a new invoice before a client is chosen.
    pub penalty: PenaltyClause,
    /// Days past due beyond which new work for the client is discouraged.
    pub stop_work_days: i64,
    pub ladder: DunningPolicy,
    pub aging: AgingBounds,
    /// The sender of letters (version 2 on; empty before).
    pub letterhead: Letterhead,
    /// The letter templates the user changed (version 2 on).
    pub templates: TemplateSet,
    /// Stored templates that no longer check: kept, not in use, shown to be corrected.
    pub kept_templates: Vec<KeptTemplate>,
    /// The format of CSV exports; `None`: the interface language's (Excel France in French).
    pub csv_dialect: Option<CsvDialect>,
    /// A stored logo that no longer checks: kept, not in use, shown to be replaced or removed
    /// (part of the letterhead).
    pub kept_logo: Option<KeptLogo>,
}

impl Preferences {
    /// The stored template of `key` that does not check, if there is one.
    pub fn kept_template(&self, key: TemplateKey) -> Option<&KeptTemplate> {
        self.kept_templates.iter().find(|kept| kept.key == key)
    }

    /// Sets the user's words for `key` (checked; the default's words restore it), replacing
    /// a kept template of that key.
    pub fn set_template(
        &mut self,
        key: TemplateKey,
        template: Template,
    ) -> Result<(), TemplateError> {
        self.templates.set(key, template)?;
        self.kept_templates.retain(|kept| kept.key != key);
        Ok(())
    }

    /// Back to the default words for `key` (a kept template of that key is let go too).
    pub fn restore_template(&mut self, key: TemplateKey) {
        self.templates.restore_default(key);
        self.kept_templates.retain(|kept| kept.key != key);
    }
}

impl Default for Preferences {
    /// Euros, net 30, French B2B penalties, 30 days, the default ladder and buckets.
    fn default() -> Preferences {
        Preferences {
            currency: Currency::Eur,
            terms: PaymentTerms::default(),
            penalty: PenaltyClause::FrB2b,
            stop_work_days: DEFAULT_STOP_WORK_DAYS,
            ladder: DunningPolicy::default(),
            aging: AgingBounds::default(),
            letterhead: Letterhead::default(),
            templates: TemplateSet::default(),
            kept_templates: Vec::new(),
            csv_dialect: None,
            kept_logo: None,
        }
    }
}

/// One part of the settings: what two tabs' changes are merged by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Currency,
    Terms,
    Penalty,
    StopWork,
    Ladder,
    Aging,
    Letterhead,
    /// Every template (changed and kept ones): one part.
    Templates,
    Csv,
}

impl Part {
    pub const ALL: [Part; 9] = [
        Part::Currency,
        Part::Terms,
        Part::Penalty,
        Part::StopWork,
        Part::Ladder,
        Part::Aging,
        Part::Letterhead,
        Part::Templates,
        Part::Csv,
    ];

    /// Whether `left` and `right` hold the same value of this part.
    fn same(self, left: &Preferences, right: &Preferences) -> bool {
        match self {
            Part::Currency => left.currency == right.currency,
            Part::Terms => left.terms == right.terms,
            Part::Penalty => left.penalty == right.penalty,
            Part::StopWork => left.stop_work_days == right.stop_work_days,
            Part::Ladder => left.ladder == right.ladder,
            Part::Aging => left.aging == right.aging,
            Part::Letterhead => {
                left.letterhead == right.letterhead && left.kept_logo == right.kept_logo
            }
            Part::Templates => {
                left.templates == right.templates && left.kept_templates == right.kept_templates
            }
            Part::Csv => left.csv_dialect == right.csv_dialect,
        }
    }

    /// Copies this part of `from` into `to`.
    fn copy(self, from: &Preferences, to: &mut Preferences) {
        match self {
            Part::Currency => to.currency = from.currency,
            Part::Terms => to.terms = from.terms,
            Part::Penalty => to.penalty = from.penalty,
            Part::StopWork => to.stop_work_days = from.stop_work_days,
            Part::Ladder => to.ladder = from.ladder.clone(),
            Part::Aging => to.aging = from.aging.clone(),
            Part::Letterhead => {
                to.letterhead = from.letterhead.clone();
                to.kept_logo = from.kept_logo.clone();
            }
            Part::Templates => {
                to.templates = from.templates.clone();
                to.kept_templates = from.kept_templates.clone();
            }
            Part::Csv => to.csv_dialect = from.csv_dialect,
        }
    }
}

// ----- writing -----

fn terms_text(terms: PaymentTerms) -> String {
    match terms.rule() {
        DueRule::OnReceipt | DueRule::FixedDate { .. } => "on-receipt".to_string(),
        rule => format!("{} {}", rule.code(), rule.days().unwrap_or(0)),
    }
}

/// The stored text of `settings` (compact JSON).
pub fn encode(settings: &Preferences) -> String {
    let mut writer = Writer::new(Style::Compact);
    writer.open('{');
    writer.str_field("format", FORMAT);
    writer.u64_field("version", VERSION);
    writer.str_field("currency", settings.currency.code());
    writer.str_field("terms", &terms_text(settings.terms));
    writer.str_field("penalty", settings.penalty.regime_id());
    if let Some(rate) = settings.penalty.annual_rate_percent() {
        writer.str_field("penalty_rate", &rate.normalize().to_string());
    }
    if let PenaltyClause::Fixed {
        fixed_compensation: Some(amount),
        ..
    } = settings.penalty
    {
        writer.str_field("penalty_fixed", &amount.amount().to_string());
    }
    writer.key("stop_work_days");
    writer.i128(i128::from(settings.stop_work_days));
    writer.key("ladder");
    writer.open('[');
    for step in settings.ladder.steps() {
        writer.open('{');
        writer.str_field("step", step.kind.code());
        writer.key("days");
        writer.i128(i128::from(step.offset_days));
        writer.str_field("channel", step.channel.code());
        writer.close('}');
    }
    writer.close(']');
    writer.key("aging");
    writer.open('[');
    for bound in settings.aging.bounds() {
        writer.u64(u64::from(*bound));
    }
    writer.close(']');
    writer.key("letterhead");
    writer.open('{');
    for (name, value) in letterhead_fields(&settings.letterhead) {
        writer.str_field(name, value);
    }
    let logo = match (&settings.letterhead.logo, &settings.kept_logo) {
        (Some(logo), _) => Some(logo.data_url()),
        (None, Some(kept)) => Some(kept.text.as_str()),
        (None, None) => None,
    };
    if let Some(logo) = logo {
        writer.str_field("logo", logo);
    }
    writer.close('}');
    writer.key("templates");
    writer.open('[');
    let changed = settings.templates.changed();
    let kept = settings
        .kept_templates
        .iter()
        .map(|kept| (&kept.key, &kept.template));
    let mut all: Vec<(&TemplateKey, &Template)> = changed.chain(kept).collect();
    all.sort_by_key(|(key, _)| **key);
    for (key, template) in all {
        writer.open('{');
        writer.str_field("kind", key.kind.code());
        writer.str_field("lang", lang_code(key.lang));
        writer.str_field("tone", key.tone.code());
        writer.str_field("subject", &template.subject);
        writer.str_field("body", &template.body);
        writer.close('}');
    }
    writer.close(']');
    if let Some(dialect) = settings.csv_dialect {
        writer.str_field("csv", dialect.code());
    }
    writer.close('}');
    writer.finish()
}

/// The letterhead's fields in stored order, with their names.
fn letterhead_fields(letterhead: &Letterhead) -> [(&'static str, &str); 9] {
    [
        ("name", &letterhead.name),
        ("trade_name", &letterhead.trade_name),
        ("address", &letterhead.address),
        ("siren", &letterhead.siren),
        ("vat", &letterhead.vat),
        ("iban", &letterhead.iban),
        ("bic", &letterhead.bic),
        ("email", &letterhead.email),
        ("phone", &letterhead.phone),
    ]
}

/// The letterhead's fields: the nine texts, then the optional logo.
const LETTERHEAD_FIELDS: [&str; 10] = [
    "name",
    "trade_name",
    "address",
    "siren",
    "vat",
    "iban",
    "bic",
    "email",
    "phone",
    "logo",
];

fn lang_code(lang: LangKey) -> &'static str {
    match lang {
        LangKey::Fr => "fr",
        LangKey::En => "en",
    }
}

fn lang_from_code(code: &str) -> Option<LangKey> {
    match code {
        "fr" => Some(LangKey::Fr),
        "en" => Some(LangKey::En),
        _ => None,
    }
}

// ----- reading -----

/// The record as read from the JSON text, before the domain's checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsDto {
    pub currency: String,
    pub terms: String,
    pub penalty: String,
    pub penalty_rate: Option<String>,
    pub penalty_fixed: Option<String>,
    pub stop_work_days: i128,
    /// (step code, days, channel code).
    pub ladder: Vec<(String, i128, String)>,
    pub aging: Vec<u64>,
    /// Version 2 on (empty in a version 1 record); its logo is `None`, the stored text being in
    /// `logo`.
    pub letterhead: Letterhead,
    /// The letterhead's stored logo text, unchecked (version 2 on, optional).
    pub logo: Option<String>,
    /// (kind code, lang code, tone code, template), version 2 on.
    pub templates: Vec<(String, String, String, Template)>,
    /// The CSV format's code, version 2 on, optional.
    pub csv: Option<String>,
}

/// Which value of a readable record the domain refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvalidValue {
    Currency(String),
    Terms(String),
    Penalty(String),
    StopWork(i128),
    Step(String),
    Channel(String),
    Ladder(PolicyError),
    Aging(AgingBoundsError),
    /// A template of an unknown letter kind, language or tone, or named twice.
    TemplateKey(String),
    Csv(String),
}

/// Why a stored settings text cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeSettingsError {
    /// Not JSON, or not a settings record.
    NotSettings(String),
    /// Written by a newer version of Relance.
    UnknownVersion { found: u64 },
    /// A settings record whose shape is wrong (a field missing, unknown, of the wrong kind).
    Malformed(String),
    /// A value the domain refuses.
    Invalid(InvalidValue),
    /// Encryption is on and the stored value cannot be decrypted (reported by the state, with
    /// the value as stored, to keep it as any unreadable text).
    Undecryptable,
}

impl Describe for InvalidValue {
    fn describe(&self, lang: Lang) -> String {
        let short = |text: &str| text.chars().take(40).collect::<String>();
        match (self, lang) {
            (InvalidValue::Currency(code), Lang::Fr) => {
                format!("la devise «\u{a0}{}\u{a0}» est inconnue.", short(code))
            }
            (InvalidValue::Currency(code), Lang::En) => {
                format!("the currency “{}” is unknown.", short(code))
            }
            (InvalidValue::Terms(text), Lang::Fr) => {
                format!(
                    "les conditions «\u{a0}{}\u{a0}» sont illisibles.",
                    short(text)
                )
            }
            (InvalidValue::Terms(text), Lang::En) => {
                format!("the terms “{}” cannot be read.", short(text))
            }
            (InvalidValue::Penalty(text), Lang::Fr) => {
                format!(
                    "la clause de pénalités «\u{a0}{}\u{a0}» est illisible.",
                    short(text)
                )
            }
            (InvalidValue::Penalty(text), Lang::En) => {
                format!("the penalty clause “{}” cannot be read.", short(text))
            }
            (InvalidValue::StopWork(days), Lang::Fr) => format!(
                "le seuil d'arrêt des travaux ({days} jours) sort de la plage 0 à {MAX_STOP_WORK_DAYS}."
            ),
            (InvalidValue::StopWork(days), Lang::En) => format!(
                "the stop-work threshold ({days} days) is outside 0 to {MAX_STOP_WORK_DAYS}."
            ),
            (InvalidValue::Step(code), Lang::Fr) => {
                format!("l'étape «\u{a0}{}\u{a0}» est inconnue.", short(code))
            }
            (InvalidValue::Step(code), Lang::En) => {
                format!("the step “{}” is unknown.", short(code))
            }
            (InvalidValue::Channel(code), Lang::Fr) => {
                format!("le canal «\u{a0}{}\u{a0}» est inconnu.", short(code))
            }
            (InvalidValue::Channel(code), Lang::En) => {
                format!("the channel “{}” is unknown.", short(code))
            }
            (InvalidValue::TemplateKey(key), Lang::Fr) => {
                format!(
                    "le modèle de lettre «\u{a0}{}\u{a0}» est inconnu ou en double.",
                    short(key)
                )
            }
            (InvalidValue::TemplateKey(key), Lang::En) => {
                format!("the letter template “{}” is unknown or twice.", short(key))
            }
            (InvalidValue::Csv(code), Lang::Fr) => {
                format!("le format CSV «\u{a0}{}\u{a0}» est inconnu.", short(code))
            }
            (InvalidValue::Csv(code), Lang::En) => {
                format!("the CSV format “{}” is unknown.", short(code))
            }
            (InvalidValue::Ladder(error), _) => error.describe(lang),
            (InvalidValue::Aging(error), _) => error.describe(lang),
        }
    }
}

impl Describe for DecodeSettingsError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (DecodeSettingsError::NotSettings(detail), Lang::Fr) => format!(
                "Le texte enregistré n'est pas un enregistrement de réglages Relance ({detail})."
            ),
            (DecodeSettingsError::NotSettings(detail), Lang::En) => {
                format!("The stored text is not a Relance settings record ({detail}).")
            }
            (DecodeSettingsError::UnknownVersion { found }, Lang::Fr) => format!(
                "Vos réglages ont été enregistrés par une version plus récente de Relance (format {found})\u{a0}: cette version ne sait pas les lire. Ouvrez Relance à jour, ou téléchargez le texte enregistré."
            ),
            (DecodeSettingsError::UnknownVersion { found }, Lang::En) => format!(
                "Your settings were saved by a newer version of Relance (format {found}): this version cannot read them. Open an up-to-date Relance, or download the stored text."
            ),
            (DecodeSettingsError::Malformed(detail), Lang::Fr) => {
                format!("L'enregistrement des réglages est mal formé ({detail}).")
            }
            (DecodeSettingsError::Malformed(detail), Lang::En) => {
                format!("The settings record is malformed ({detail}).")
            }
            (DecodeSettingsError::Invalid(value), Lang::Fr) => {
                format!("Dans les réglages enregistrés, {}", value.describe(lang))
            }
            (DecodeSettingsError::Invalid(value), Lang::En) => {
                format!("In the stored settings, {}", value.describe(lang))
            }
            (DecodeSettingsError::Undecryptable, Lang::Fr) => "Le texte enregistré ne peut pas être déchiffré (altéré, écrit hors de Relance, ou chiffré avec une autre clé).".to_string(),
            (DecodeSettingsError::Undecryptable, Lang::En) => "The stored text cannot be decrypted (altered, written outside Relance, or encrypted with another key).".to_string(),
        }
    }
}

const FIELDS: [&str; 13] = [
    "format",
    "version",
    "currency",
    "terms",
    "penalty",
    "penalty_rate",
    "penalty_fixed",
    "stop_work_days",
    "ladder",
    "aging",
    "letterhead",
    "templates",
    "csv",
];

/// The record's plain values (format and version checked).
pub fn read_dto(text: &str) -> Result<SettingsDto, DecodeSettingsError> {
    let tree =
        json::parse(text).map_err(|error| DecodeSettingsError::NotSettings(error.to_string()))?;
    let (format, version) =
        read_header(&tree).map_err(|error| DecodeSettingsError::NotSettings(error.to_string()))?;
    if format != Some(FORMAT) {
        return Err(DecodeSettingsError::NotSettings(format!(
            "format ≠ {FORMAT}"
        )));
    }
    let version = match version {
        Some(found @ (VERSION_1 | VERSION)) => found,
        Some(found) if found > VERSION => {
            return Err(DecodeSettingsError::UnknownVersion { found });
        }
        _ => return Err(DecodeSettingsError::Malformed("version".to_string())),
    };
    let malformed = |error: json::Error| DecodeSettingsError::Malformed(error.to_string());
    let mut slots = [None; 13];
    // A version 1 record has neither letterhead nor templates: either is refused in it.
    let names = if version == VERSION_1 {
        FIELDS.get(..10).unwrap_or(&FIELDS)
    } else {
        FIELDS.as_slice()
    };
    tree.fields(names, &mut slots, UnknownFields::Refused)
        .map_err(malformed)?;
    let [
        _,
        _,
        currency,
        terms,
        penalty,
        rate,
        fixed,
        stop,
        ladder,
        aging,
        letterhead,
        templates,
        csv,
    ] = slots;
    let mut sender = Letterhead::default();
    let mut stored_logo = None;
    let mut changed = Vec::new();
    if version == VERSION {
        let object = tree.required(letterhead, "letterhead").map_err(malformed)?;
        let mut slots = [None; 10];
        object
            .fields(&LETTERHEAD_FIELDS, &mut slots, UnknownFields::Refused)
            .map_err(malformed)?;
        let [
            name,
            trade_name,
            address,
            siren,
            vat,
            iban,
            bic,
            email,
            phone,
            logo,
        ] = slots;
        let text = |slot, name| {
            object
                .required_str(slot, name)
                .map(str::to_string)
                .map_err(malformed)
        };
        sender = Letterhead {
            name: text(name, "name")?,
            trade_name: text(trade_name, "trade_name")?,
            address: text(address, "address")?,
            siren: text(siren, "siren")?,
            vat: text(vat, "vat")?,
            iban: text(iban, "iban")?,
            bic: text(bic, "bic")?,
            email: text(email, "email")?,
            phone: text(phone, "phone")?,
            logo: None,
        };
        stored_logo = json::opt_string(logo).map_err(malformed)?;
        for item in tree
            .required(templates, "templates")
            .and_then(|json| json.as_array())
            .map_err(malformed)?
        {
            let mut slots = [None; 5];
            item.fields(
                &["kind", "lang", "tone", "subject", "body"],
                &mut slots,
                UnknownFields::Refused,
            )
            .map_err(malformed)?;
            let [kind, lang, tone, subject, body] = slots;
            let text = |slot, name| {
                item.required_str(slot, name)
                    .map(str::to_string)
                    .map_err(malformed)
            };
            changed.push((
                text(kind, "kind")?,
                text(lang, "lang")?,
                text(tone, "tone")?,
                Template {
                    subject: text(subject, "subject")?,
                    body: text(body, "body")?,
                },
            ));
        }
    }
    let mut steps = Vec::new();
    for item in tree
        .required(ladder, "ladder")
        .and_then(|json| json.as_array())
        .map_err(malformed)?
    {
        let mut slots = [None; 3];
        item.fields(
            &["step", "days", "channel"],
            &mut slots,
            UnknownFields::Refused,
        )
        .map_err(malformed)?;
        let [step, days, channel] = slots;
        steps.push((
            item.required_str(step, "step")
                .map_err(malformed)?
                .to_string(),
            item.required(days, "days")
                .and_then(|json| json.as_i128())
                .map_err(malformed)?,
            item.required_str(channel, "channel")
                .map_err(malformed)?
                .to_string(),
        ));
    }
    let mut bounds = Vec::new();
    for item in tree
        .required(aging, "aging")
        .and_then(|json| json.as_array())
        .map_err(malformed)?
    {
        bounds.push(item.as_u64().map_err(malformed)?);
    }
    Ok(SettingsDto {
        currency: tree
            .required_str(currency, "currency")
            .map_err(malformed)?
            .to_string(),
        terms: tree
            .required_str(terms, "terms")
            .map_err(malformed)?
            .to_string(),
        penalty: tree
            .required_str(penalty, "penalty")
            .map_err(malformed)?
            .to_string(),
        penalty_rate: json::opt_string(rate).map_err(malformed)?,
        penalty_fixed: json::opt_string(fixed).map_err(malformed)?,
        stop_work_days: tree
            .required(stop, "stop_work_days")
            .and_then(|json| json.as_i128())
            .map_err(malformed)?,
        ladder: steps,
        aging: bounds,
        letterhead: sender,
        logo: stored_logo,
        templates: changed,
        csv: json::opt_string(csv).map_err(malformed)?,
    })
}

fn read_terms(text: &str) -> Option<PaymentTerms> {
    if text == "on-receipt" {
        return Some(PaymentTerms::on_receipt());
    }
    let (code, days) = text.split_once(' ')?;
    if days.is_empty() || days.len() > 4 || !days.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let days: u32 = days.parse().ok()?;
    let rule = match code {
        "net" => DueRule::Net { days },
        "days-end-of-month" => DueRule::DaysThenEndOfMonth { days },
        "end-of-month-days" => DueRule::EndOfMonthThenDays { days },
        _ => return None,
    };
    PaymentTerms::new(rule, None).ok()
}

/// A plain decimal (`9.5`, `-0.5`): digits, one optional point, an optional leading minus.
fn read_plain_decimal(text: &str) -> Option<Decimal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let ok = !digits.is_empty()
        && digits.len() <= 24
        && digits
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte == b'.')
        && digits.bytes().filter(|byte| *byte == b'.').count() <= 1
        && !digits.starts_with('.')
        && !digits.ends_with('.');
    if ok { text.parse().ok() } else { None }
}

/// The domain values of a record's plain values, through the domain's checks.
pub fn to_preferences(dto: &SettingsDto) -> Result<Preferences, InvalidValue> {
    let currency = Currency::from_code(&dto.currency)
        .ok()
        .filter(|currency| currency.code() == dto.currency)
        .ok_or_else(|| InvalidValue::Currency(dto.currency.clone()))?;
    let terms = read_terms(&dto.terms).ok_or_else(|| InvalidValue::Terms(dto.terms.clone()))?;
    let bad_penalty = || InvalidValue::Penalty(dto.penalty.clone());
    let rate = || {
        dto.penalty_rate
            .as_deref()
            .and_then(read_plain_decimal)
            .filter(|rate| !rate.is_sign_negative() && *rate <= Decimal::ONE_HUNDRED)
            .ok_or_else(bad_penalty)
    };
    let compensation = || match dto.penalty_fixed.as_deref() {
        None => Ok(None),
        Some(text) => read_plain_decimal(text)
            .filter(|amount| !amount.is_sign_negative())
            .map(|amount| Some(Money::new(amount, currency)))
            .ok_or_else(bad_penalty),
    };
    let penalty = PenaltyClause::from_regime_id(&dto.penalty, rate, compensation)
        .ok_or_else(bad_penalty)??;
    // A rate or amount given to a regime without one is refused (the writer never does it).
    let rate_expected = penalty.annual_rate_percent().is_some();
    let fixed_expected = matches!(penalty, PenaltyClause::Fixed { .. });
    if dto.penalty_rate.is_some() != rate_expected
        || (dto.penalty_fixed.is_some() && !fixed_expected)
    {
        return Err(bad_penalty());
    }
    let stop_work_days = i64::try_from(dto.stop_work_days)
        .ok()
        .filter(|days| (0..=MAX_STOP_WORK_DAYS).contains(days))
        .ok_or(InvalidValue::StopWork(dto.stop_work_days))?;
    let mut steps = Vec::with_capacity(dto.ladder.len());
    for (step, days, channel) in &dto.ladder {
        let kind = StepKind::from_code(step).ok_or_else(|| InvalidValue::Step(step.clone()))?;
        let channel =
            Channel::from_code(channel).ok_or_else(|| InvalidValue::Channel(channel.clone()))?;
        // Out of i32: out of the policy's range, said by the policy's own sentence.
        let offset_days =
            i32::try_from(*days).unwrap_or(if *days < 0 { i32::MIN } else { i32::MAX });
        steps.push(DunningStep {
            kind,
            offset_days,
            channel,
        });
    }
    let ladder = DunningPolicy::new(steps).map_err(InvalidValue::Ladder)?;
    let bounds = dto
        .aging
        .iter()
        .map(|bound| u32::try_from(*bound).unwrap_or(u32::MAX))
        .collect();
    let aging = AgingBounds::new(bounds).map_err(InvalidValue::Aging)?;
    let mut templates = TemplateSet::default();
    let mut kept_templates: Vec<KeptTemplate> = Vec::new();
    for (kind, lang, tone, template) in &dto.templates {
        let named = || InvalidValue::TemplateKey(format!("{kind} {lang} {tone}"));
        let key = TemplateKey {
            kind: LetterKind::from_code(kind)
                .filter(|found| found.code() == kind)
                .ok_or_else(named)?,
            lang: lang_from_code(lang).ok_or_else(named)?,
            tone: Tone::from_code(tone)
                .filter(|found| found.code() == tone)
                .ok_or_else(named)?,
        };
        if templates.is_changed(key) || kept_templates.iter().any(|kept| kept.key == key) {
            return Err(named());
        }
        // A template that no longer checks is kept with its text, not in use.
        if let Err(error) = templates.insert_checked(key, template.clone()) {
            kept_templates.push(KeptTemplate {
                key,
                template: template.clone(),
                error,
            });
        }
    }
    // A stored logo that no longer checks is kept with its text, not in use.
    let mut letterhead = dto.letterhead.clone();
    let mut kept_logo = None;
    match dto.logo.as_deref().map(Logo::from_data_url) {
        None => {}
        Some(Ok(logo)) => letterhead.logo = Some(logo),
        Some(Err(error)) => {
            kept_logo = dto.logo.clone().map(|text| KeptLogo { text, error });
        }
    }
    let csv_dialect = match dto.csv.as_deref() {
        None => None,
        Some(code) => Some(
            CsvDialect::from_code(code)
                .filter(|dialect| dialect.code() == code)
                .ok_or_else(|| InvalidValue::Csv(code.to_string()))?,
        ),
    };
    Ok(Preferences {
        currency,
        terms,
        penalty,
        stop_work_days,
        ladder,
        aging,
        letterhead,
        templates,
        kept_templates,
        kept_logo,
        csv_dialect,
    })
}

/// Reads a stored text back: [`read_dto`], then [`to_preferences`].
pub fn decode(text: &str) -> Result<Preferences, DecodeSettingsError> {
    to_preferences(&read_dto(text)?).map_err(DecodeSettingsError::Invalid)
}

// ----- the edge -----

/// Why the stored settings could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadSettingsError {
    /// Browser storage cannot be read at all.
    Storage(StorageError),
    /// A text is stored but cannot be read: it is kept, untouched, in `raw`.
    Unreadable {
        raw: String,
        error: DecodeSettingsError,
    },
}

impl Describe for LoadSettingsError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (LoadSettingsError::Storage(StorageError::Locked), Lang::Fr) => "Vos données sont chiffrées et ne sont pas déverrouillées dans cet onglet.".to_string(),
            (LoadSettingsError::Storage(StorageError::Locked), Lang::En) => "Your data is encrypted and not unlocked in this tab.".to_string(),
            (LoadSettingsError::Storage(_), Lang::Fr) => "Ce navigateur ne laisse pas Relance lire son stockage (désactivé, ou fenêtre privée)\u{a0}: vos réglages ne serviront que jusqu'à la fermeture de la page.".to_string(),
            (LoadSettingsError::Storage(_), Lang::En) => "This browser does not let Relance read its storage (disabled, or a private window): your settings will only be used until you close the page.".to_string(),
            (LoadSettingsError::Unreadable { error, .. }, Lang::Fr) => format!(
                "Vos réglages enregistrés n'ont pas pu être relus\u{a0}; ils sont conservés tels quels et Relance ne les écrasera pas (les réglages par défaut servent en attendant). {}",
                error.describe(lang)
            ),
            (LoadSettingsError::Unreadable { error, .. }, Lang::En) => format!(
                "Your saved settings could not be read; they are kept as they are and Relance will not overwrite them (the default settings are used meanwhile). {}",
                error.describe(lang)
            ),
        }
    }
}

/// The settings as stored in `kv`; `None` when nothing was ever saved.
pub fn load(kv: &impl KeyValue) -> Result<Option<Preferences>, LoadSettingsError> {
    match kv.get(keys::SETTINGS).map_err(LoadSettingsError::Storage)? {
        None => Ok(None),
        Some(raw) => decode(&raw)
            .map(Some)
            .map_err(|error| LoadSettingsError::Unreadable { raw, error }),
    }
}

/// Stores `settings` in `kv`, replacing what is stored. Callers must not call it while the
/// stored text is unreadable (see [`quarantine_and_reset`]).
pub fn save(kv: &impl KeyValue, settings: &Preferences) -> Result<(), StorageError> {
    kv.set(keys::SETTINGS, &encode(settings))
}

/// The key the `n`-th quarantined text is kept under.
pub fn quarantine_key(n: u32) -> String {
    format!("{}.quarantine.{n}", keys::SETTINGS)
}

/// Moves an unreadable stored text aside (to the first free `relance.settings.quarantine.<n>`),
/// then stores `settings` in its place. Returns the key the old text now lives under. Nothing
/// is replaced if the copy could not be written.
pub fn quarantine_and_reset(
    kv: &impl KeyValue,
    raw: &str,
    settings: &Preferences,
) -> Result<String, StorageError> {
    let mut n = 1;
    let key = loop {
        let key = quarantine_key(n);
        if kv.get(&key)?.is_none() {
            break key;
        }
        n += 1;
    };
    kv.set(&key, raw)?;
    save(kv, settings)?;
    Ok(key)
}

/// A part this tab and another one both changed, differently: the other tab's value is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartConflict {
    pub part: Part,
    /// This tab's settings (the part's value not made).
    pub mine: Preferences,
    /// The other tab's settings (the part's value kept).
    pub theirs: Preferences,
}

/// Three-way merge, part by part: every part this tab changed since `ancestor` is applied on
/// `theirs`, unless the other tab changed it differently (then its value is kept and the part
/// reported). Parts only the other tab changed stay as it left them.
pub fn rebase(
    ancestor: &Preferences,
    mine: &Preferences,
    theirs: &Preferences,
) -> (Preferences, Vec<Part>) {
    let mut merged = theirs.clone();
    let mut conflicts = Vec::new();
    for part in Part::ALL {
        if part.same(ancestor, mine) || part.same(mine, theirs) {
            continue;
        }
        if part.same(ancestor, theirs) {
            part.copy(mine, &mut merged);
        } else {
            conflicts.push(part);
        }
    }
    (merged, conflicts)
}

/// What [`save_edit`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    /// The settings the tab holds now (stored, unless `stored` says otherwise).
    pub settings: Preferences,
    /// Whether `settings` is in storage, or why not.
    pub stored: Result<(), SaveSettingsError>,
    /// Another tab had stored its settings since the tab's last read or write.
    pub on_newer: bool,
    /// Parts the other tab had changed too: its values are kept.
    pub conflicts: Vec<Part>,
}

/// Why [`save_edit`] did not store the settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveSettingsError {
    Refused(StorageError),
    /// Another tab stored a text this version cannot read: kept as it is, nothing written.
    Unreadable {
        raw: String,
        error: DecodeSettingsError,
    },
}

/// Saves `mine`, the tab's settings after a change, unless another tab wrote since. `synced`
/// is the record as stored when the tab last read or wrote it (`None`: nothing stored), and is
/// updated. Nothing is written when the stored record is already the one to keep.
pub fn save_edit(
    kv: &impl KeyValue,
    synced: &mut Option<Preferences>,
    mine: &Preferences,
) -> Saved {
    let outcome = |settings: Preferences, stored| Saved {
        settings,
        stored,
        on_newer: false,
        conflicts: Vec::new(),
    };
    let theirs = match load(kv) {
        Ok(theirs) => theirs,
        Err(LoadSettingsError::Storage(error)) => {
            return outcome(mine.clone(), Err(SaveSettingsError::Refused(error)));
        }
        Err(LoadSettingsError::Unreadable { raw, error }) => {
            return outcome(
                mine.clone(),
                Err(SaveSettingsError::Unreadable { raw, error }),
            );
        }
    };
    let mut saved = if theirs == *synced {
        outcome(mine.clone(), Ok(()))
    } else {
        let ancestor = synced.clone().unwrap_or_default();
        let current = theirs.clone().unwrap_or_default();
        let (settings, conflicts) = rebase(&ancestor, mine, &current);
        Saved {
            settings,
            stored: Ok(()),
            on_newer: true,
            conflicts,
        }
    };
    if theirs.as_ref() != Some(&saved.settings) {
        saved.stored = save(kv, &saved.settings).map_err(SaveSettingsError::Refused);
    }
    *synced = match saved.stored {
        Ok(()) => Some(saved.settings.clone()),
        Err(_) => theirs,
    };
    saved
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::storage::memory::MemoryKv;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn custom() -> Preferences {
        Preferences {
            currency: Currency::Gbp,
            terms: PaymentTerms::new(DueRule::DaysThenEndOfMonth { days: 45 }, None).unwrap(),
            penalty: PenaltyClause::Fixed {
                annual_rate_percent: dec!(9.5),
                fixed_compensation: Some(Money::new(dec!(40), Currency::Gbp)),
            },
            stop_work_days: 60,
            ladder: DunningPolicy::new(vec![
                DunningStep {
                    kind: StepKind::FirstReminder,
                    offset_days: 3,
                    channel: Channel::Phone,
                },
                DunningStep {
                    kind: StepKind::FormalNotice,
                    offset_days: 20,
                    channel: Channel::RegisteredLetter,
                },
            ])
            .unwrap(),
            aging: AgingBounds::new(vec![15, 45]).unwrap(),
            ..Preferences::default()
        }
    }

    fn first_reminder_fr() -> TemplateKey {
        TemplateKey::new(
            LetterKind::Step(crate::domain::StepKind::FirstReminder),
            Lang::Fr,
            Tone::Firm,
        )
    }

    /// [`custom`] with a letterhead and a changed template.
    fn with_letters() -> Preferences {
        let mut settings = custom();
        settings.letterhead = Letterhead {
            name: "Atelier Durand SARL".to_string(),
            trade_name: "Durand & « fils »".to_string(),
            address: "12 rue des Lilas\n75011 Paris".to_string(),
            siren: "732 829 320".to_string(),
            vat: "FR44732829320".to_string(),
            iban: "FR76 3000 6000 0112 3456 7890 189".to_string(),
            bic: "AGRIFRPP".to_string(),
            email: "compta@durand.fr".to_string(),
            phone: String::new(),
            logo: None,
        };
        settings
            .set_template(
                first_reminder_fr(),
                Template {
                    subject: "Relance : {invoices.list}".to_string(),
                    body: "Bonjour {client.name},\n\nIl reste {total.open} à régler.\n\n{invoices.table}".to_string(),
                },
            )
            .unwrap();
        settings
    }

    #[test]
    fn the_committed_v1_fixture_decodes_without_letterhead_or_templates() {
        let text = include_str!("../../tests/fixtures/storage/settings-v1.json");
        assert!(text.contains("\"version\":1,"));
        let read = decode(text).unwrap();
        assert_eq!(read, custom());
        assert!(read.letterhead.is_empty());
        assert_eq!(read.templates.changed().count(), 0);
        assert!(read.kept_templates.is_empty());
        // Written again, it is a version 2 record that reads back the same.
        let again = encode(&read);
        assert!(again.contains("\"version\":2,"), "{again}");
        assert_eq!(decode(&again), Ok(custom()));
        // A version 1 record never had a letterhead or templates: one there is refused.
        let with_letterhead = text.replace("\"aging\"", "\"templates\":[],\"aging\"");
        assert!(matches!(
            decode(&with_letterhead),
            Err(DecodeSettingsError::Malformed(_))
        ));
    }

    #[test]
    fn the_csv_format_is_stored_only_once_chosen_and_merges_as_its_own_part() {
        let mut chosen = custom();
        assert!(
            !encode(&chosen).contains("\"csv\""),
            "absent while not chosen"
        );
        assert_eq!(decode(&encode(&chosen)).unwrap().csv_dialect, None);
        for dialect in CsvDialect::ALL {
            chosen.csv_dialect = Some(dialect);
            let text = encode(&chosen);
            assert!(
                text.ends_with(&format!(",\"csv\":\"{}\"}}", dialect.code())),
                "{text}"
            );
            assert_eq!(decode(&text), Ok(chosen.clone()));
        }
        let unknown = encode(&chosen).replace("excel-fr", "excel-xx");
        assert_eq!(
            decode(&unknown),
            Err(DecodeSettingsError::Invalid(InvalidValue::Csv(
                "excel-xx".to_string()
            )))
        );
        // Another tab chose a format while this one changed the letterhead: both kept.
        let ancestor = custom();
        let mut mine = custom();
        mine.letterhead.name = "Atelier Durand".to_string();
        let mut theirs = custom();
        theirs.csv_dialect = Some(CsvDialect::Standard);
        let (merged, conflicts) = rebase(&ancestor, &mine, &theirs);
        assert!(conflicts.is_empty());
        assert_eq!(merged.csv_dialect, Some(CsvDialect::Standard));
        assert_eq!(merged.letterhead.name, "Atelier Durand");
    }

    /// A 1×1 PNG, as a `data:` URL.
    const TINY_PNG_URL: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    #[test]
    fn a_logo_is_stored_in_the_letterhead_and_reads_back_checked() {
        let mut settings = with_letters();
        settings.letterhead.logo = Some(Logo::from_data_url(TINY_PNG_URL).unwrap());
        let text = encode(&settings);
        assert!(
            text.contains(&format!("\"phone\":\"\",\"logo\":\"{TINY_PNG_URL}\"}}")),
            "{text}"
        );
        assert_eq!(decode(&text), Ok(settings.clone()));
        assert_eq!(encode(&decode(&text).unwrap()), text);
        // No logo: no field (the v2 fixture has none).
        assert!(!encode(&with_letters()).contains("logo"));
        // Not a string: a malformed record, as any field of the wrong kind.
        let number = text.replace(&format!("\"{TINY_PNG_URL}\""), "12");
        assert!(matches!(
            decode(&number),
            Err(DecodeSettingsError::Malformed(_))
        ));
    }

    #[test]
    fn a_stored_logo_that_no_longer_checks_is_kept_not_used_and_written_back() {
        let mut settings = with_letters();
        settings.letterhead.logo = Some(Logo::from_data_url(TINY_PNG_URL).unwrap());
        let good = encode(&settings);
        let svg = "data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+";
        let text = good.replace(TINY_PNG_URL, svg);
        let read = decode(&text).unwrap();
        // The rest of the record reads; the letters go without a logo.
        assert_eq!(read.letterhead, with_letters().letterhead);
        assert_eq!(read.templates, with_letters().templates);
        assert_eq!(
            read.kept_logo,
            Some(KeptLogo {
                text: svg.to_string(),
                error: LogoError::NotADataUrl,
            })
        );
        // Written back as it was.
        assert_eq!(encode(&read), text);
        // A logo chosen since replaces it; removing it (the kept one let go) leaves none.
        let mut replaced = read.clone();
        replaced.letterhead.logo = Some(Logo::from_data_url(TINY_PNG_URL).unwrap());
        replaced.kept_logo = None;
        assert_eq!(encode(&replaced), good);
        let mut removed = read;
        removed.kept_logo = None;
        assert!(!encode(&removed).contains("logo"));
    }

    #[test]
    fn the_committed_v2_fixture_decodes_and_is_written_byte_for_byte() {
        let text = include_str!("../../tests/fixtures/storage/settings-v2.json");
        assert_eq!(decode(text), Ok(with_letters()));
        assert_eq!(encode(&with_letters()), text.trim_end());
    }

    #[test]
    fn a_stored_template_that_no_longer_checks_is_kept_with_its_text_not_used() {
        let text = encode(&with_letters());
        let broken = text.replace("{total.open}", "{total.opne}");
        let read = decode(&broken).unwrap();
        let key = first_reminder_fr();
        assert!(!read.templates.is_changed(key), "not in use");
        let kept = read.kept_template(key).unwrap();
        assert!(kept.template.body.contains("{total.opne}"));
        assert!(matches!(
            &kept.error,
            TemplateError::Unknown { name, suggestion: Some("total.open"), .. } if name == "total.opne"
        ));
        // The rest of the record is read as stored.
        assert_eq!(read.letterhead, with_letters().letterhead);
        assert_eq!(read.ladder, custom().ladder);
        // Written back exactly as it was: nothing of the user's text is lost.
        assert_eq!(encode(&read), broken);
        // Corrected, it is in use and no longer kept aside.
        let mut fixed = read.clone();
        fixed
            .set_template(key, with_letters().templates.get(key))
            .unwrap();
        assert!(fixed.kept_templates.is_empty());
        assert_eq!(fixed, with_letters());
        // Restoring the default lets the kept text go too.
        let mut restored = read;
        restored.restore_template(key);
        assert!(restored.kept_templates.is_empty() && !restored.templates.is_changed(key));
        // An unknown kind, or a key twice, is a malformed record (kept whole by `load`).
        for bad in [
            text.replace("\"kind\":\"first-reminder\"", "\"kind\":\"thank-you\""),
            text.replace("\"lang\":\"fr\"", "\"lang\":\"de\""),
            text.replace("\"tone\":\"firm\"", "\"tone\":\"Firm\""),
        ] {
            assert!(
                matches!(
                    decode(&bad),
                    Err(DecodeSettingsError::Invalid(InvalidValue::TemplateKey(_)))
                ),
                "{bad}"
            );
        }
        let start = text.find("{\"kind\"").unwrap();
        let end = text.rfind(']').unwrap();
        let one = &text[start..end];
        let twice = text.replace(one, &format!("{one},{one}"));
        assert!(matches!(
            decode(&twice),
            Err(DecodeSettingsError::Invalid(InvalidValue::TemplateKey(_)))
        ));
        let unknown_field = text.replace("\"phone\":\"\"", "\"phone\":\"\",\"fax\":\"\"");
        assert!(matches!(
            decode(&unknown_field),
            Err(DecodeSettingsError::Malformed(_))
        ));
        let missing = text.replace(",\"phone\":\"\"", "");
        assert!(matches!(
            decode(&missing),
            Err(DecodeSettingsError::Malformed(_))
        ));
    }

    #[test]
    fn the_defaults_round_trip_and_read_as_documented() {
        let text = encode(&Preferences::default());
        assert_eq!(
            text,
            "{\"format\":\"relance-settings\",\"version\":2,\"currency\":\"EUR\",\"terms\":\"net 30\",\"penalty\":\"fr-b2b\",\"stop_work_days\":30,\"ladder\":[{\"step\":\"courtesy\",\"days\":-5,\"channel\":\"email\"},{\"step\":\"first-reminder\",\"days\":1,\"channel\":\"email\"},{\"step\":\"second-reminder\",\"days\":15,\"channel\":\"phone\"},{\"step\":\"formal-notice\",\"days\":30,\"channel\":\"registered-letter\"},{\"step\":\"final-notice\",\"days\":45,\"channel\":\"registered-letter\"}],\"aging\":[30,60,90],\"letterhead\":{\"name\":\"\",\"trade_name\":\"\",\"address\":\"\",\"siren\":\"\",\"vat\":\"\",\"iban\":\"\",\"bic\":\"\",\"email\":\"\",\"phone\":\"\"},\"templates\":[]}"
        );
        assert_eq!(decode(&text), Ok(Preferences::default()));
    }

    #[test]
    fn a_newer_version_is_named_and_bad_texts_are_refused_with_their_reason() {
        let text = encode(&Preferences::default());
        let newer = text.replace("\"version\":2", "\"version\":3");
        assert_eq!(
            decode(&newer),
            Err(DecodeSettingsError::UnknownVersion { found: 3 })
        );
        assert!(
            DecodeSettingsError::UnknownVersion { found: 2 }
                .describe(Lang::Fr)
                .contains("version plus récente")
        );
        assert!(matches!(
            decode(""),
            Err(DecodeSettingsError::NotSettings(_))
        ));
        assert!(matches!(
            decode("{\"format\":\"relance-rates\",\"version\":1}"),
            Err(DecodeSettingsError::NotSettings(_))
        ));
        let extra = text.replace("\"aging\"", "\"colour\":\"red\",\"aging\"");
        assert!(matches!(
            decode(&extra),
            Err(DecodeSettingsError::Malformed(_))
        ));
        let missing = text.replace(",\"aging\":[30,60,90]", "");
        assert!(matches!(
            decode(&missing),
            Err(DecodeSettingsError::Malformed(_))
        ));
        let missing = text.replace(",\"templates\":[]", "");
        assert!(matches!(
            decode(&missing),
            Err(DecodeSettingsError::Malformed(_))
        ));
        // Two steps on the same day: the policy's own refusal.
        let same_day = text.replace("\"days\":15", "\"days\":1");
        let error = decode(&same_day);
        assert!(
            matches!(
                error,
                Err(DecodeSettingsError::Invalid(InvalidValue::Ladder(
                    PolicyError::NotAscending { .. }
                )))
            ),
            "{error:?}"
        );
        let negative = text.replace("[30,60,90]", "[-30,60]");
        assert!(matches!(
            decode(&negative),
            Err(DecodeSettingsError::Malformed(_))
        ));
        let zero = text.replace("[30,60,90]", "[0,60]");
        assert_eq!(
            decode(&zero),
            Err(DecodeSettingsError::Invalid(InvalidValue::Aging(
                AgingBoundsError::NotPositive
            )))
        );
        let huge = text.replace("\"days\":45", "\"days\":99999999999999");
        assert!(matches!(
            decode(&huge),
            Err(DecodeSettingsError::Invalid(InvalidValue::Ladder(
                PolicyError::OffsetOutOfRange { .. }
            )))
        ));
        for (from, to) in [
            ("\"EUR\"", "\"eur\""),
            ("\"net 30\"", "\"net thirty\""),
            ("\"fr-b2b\"", "\"fr-b2c\""),
            ("\"stop_work_days\":30", "\"stop_work_days\":-1"),
            ("\"courtesy\"", "\"gentle\""),
            ("\"phone\"", "\"fax\""),
            ("\"fr-b2b\"", "\"fr-b2b\",\"penalty_rate\":\"5\""),
        ] {
            let bad = text.replacen(from, to, 1);
            let error = decode(&bad);
            assert!(
                matches!(error, Err(DecodeSettingsError::Invalid(_))),
                "{to}: {error:?}"
            );
            let said = error
                .err()
                .map(|e| e.describe(Lang::En))
                .unwrap_or_default();
            assert!(said.starts_with("In the stored settings,"), "{said}");
        }
    }

    #[test]
    fn an_unreadable_record_is_kept_and_set_aside_only_on_request() {
        let kv = MemoryKv::new();
        assert_eq!(load(&kv), Ok(None));
        kv.set(keys::SETTINGS, "garbage").unwrap();
        let Err(LoadSettingsError::Unreadable { raw, .. }) = load(&kv) else {
            panic!("unreadable expected");
        };
        assert_eq!(raw, "garbage");
        // A save over it is refused and writes nothing.
        let mut synced = None;
        let saved = save_edit(&kv, &mut synced, &custom());
        assert!(matches!(
            saved.stored,
            Err(SaveSettingsError::Unreadable { .. })
        ));
        assert_eq!(kv.get(keys::SETTINGS).unwrap().as_deref(), Some("garbage"));
        let key = quarantine_and_reset(&kv, &raw, &custom()).unwrap();
        assert_eq!(key, "relance.settings.quarantine.1");
        assert_eq!(kv.get(&key).unwrap().as_deref(), Some("garbage"));
        assert_eq!(load(&kv), Ok(Some(custom())));
    }

    #[test]
    fn two_tabs_edits_merge_part_by_part_and_a_clash_keeps_the_others() {
        let kv = MemoryKv::new();
        let mut tab_a = None;
        let mut tab_b = None;
        // Tab A changes the threshold.
        let a = Preferences {
            stop_work_days: 45,
            ..Preferences::default()
        };
        let saved = save_edit(&kv, &mut tab_a, &a);
        assert_eq!(saved.stored, Ok(()));
        assert!(!saved.on_newer);
        // Tab B, which read nothing stored, changes the currency and the threshold.
        let b = Preferences {
            currency: Currency::Usd,
            stop_work_days: 10,
            ..Preferences::default()
        };
        let saved = save_edit(&kv, &mut tab_b, &b);
        assert!(saved.on_newer);
        assert_eq!(saved.conflicts, vec![Part::StopWork]);
        assert_eq!(saved.settings.currency, Currency::Usd);
        assert_eq!(saved.settings.stop_work_days, 45);
        assert_eq!(load(&kv), Ok(Some(saved.settings.clone())));
        assert_eq!(tab_b, Some(saved.settings.clone()));
        // Tab A, still on its version, changes the ladder: B's currency stays.
        let a2 = Preferences {
            aging: AgingBounds::new(vec![10]).unwrap(),
            ..a
        };
        let saved = save_edit(&kv, &mut tab_a, &a2);
        assert!(saved.on_newer && saved.conflicts.is_empty());
        assert_eq!(saved.settings.currency, Currency::Usd);
        assert_eq!(saved.settings.aging.bounds(), &[10]);
        assert_eq!(saved.settings.stop_work_days, 45);
    }

    #[test]
    fn the_letterhead_and_the_templates_are_parts_of_their_own_when_tabs_merge() {
        let kv = MemoryKv::new();
        let mut tab_a = None;
        let mut tab_b = None;
        // Tab A fills the letterhead and changes a template.
        let a = Preferences {
            currency: Currency::Usd,
            ..with_letters()
        };
        let a = Preferences {
            ladder: DunningPolicy::default(),
            aging: AgingBounds::default(),
            terms: PaymentTerms::default(),
            penalty: PenaltyClause::FrB2b,
            stop_work_days: DEFAULT_STOP_WORK_DAYS,
            ..a
        };
        assert_eq!(save_edit(&kv, &mut tab_a, &a).stored, Ok(()));
        // Tab B, on the defaults, changes only the threshold: A's letterhead and template stay.
        let b = Preferences {
            stop_work_days: 90,
            ..Preferences::default()
        };
        let saved = save_edit(&kv, &mut tab_b, &b);
        assert!(saved.on_newer && saved.conflicts.is_empty());
        assert_eq!(saved.settings.letterhead, a.letterhead);
        assert_eq!(saved.settings.templates, a.templates);
        assert_eq!(saved.settings.stop_work_days, 90);
        // Tab B then changes the letterhead's phone while tab A, on its old version, changes
        // the template back to the default and its phone too: templates merge, the letterhead
        // clashes and keeps B's.
        let mut b2 = saved.settings.clone();
        b2.letterhead.phone = "01 23 45 67 89".to_string();
        assert_eq!(save_edit(&kv, &mut tab_b, &b2).stored, Ok(()));
        let mut a2 = a.clone();
        a2.restore_template(first_reminder_fr());
        a2.letterhead.phone = "06 00 00 00 00".to_string();
        let saved = save_edit(&kv, &mut tab_a, &a2);
        assert_eq!(saved.conflicts, vec![Part::Letterhead]);
        assert_eq!(saved.settings.letterhead.phone, "01 23 45 67 89");
        assert!(!saved.settings.templates.is_changed(first_reminder_fr()));
        assert_eq!(saved.settings.stop_work_days, 90);
        assert_eq!(load(&kv), Ok(Some(saved.settings)));
    }

    #[test]
    fn a_refused_write_keeps_the_change_and_the_synced_record() {
        let kv = MemoryKv::new();
        kv.fail_write(1);
        let mut synced = None;
        let saved = save_edit(&kv, &mut synced, &custom());
        assert!(matches!(saved.stored, Err(SaveSettingsError::Refused(_))));
        assert_eq!(saved.settings, custom());
        assert_eq!(synced, None);
    }

    fn arbitrary() -> impl Strategy<Value = Preferences> {
        (
            prop::sample::select(Currency::ALL.to_vec()),
            0u32..3,
            0u32..=999,
            0usize..4,
            0u32..=10_000,
            0i64..=MAX_STOP_WORK_DAYS,
            prop::sample::subsequence(StepKind::ALL.to_vec(), 1..=5),
            prop::collection::vec((1i32..400, 0usize..4), 5),
            prop::collection::btree_set(1u32..2000, 0..6),
        )
            .prop_map(
                |(currency, rule, days, penalty, rate, stop, kinds, gaps, bounds)| {
                    let rule = match rule {
                        0 => DueRule::Net { days },
                        1 => DueRule::DaysThenEndOfMonth { days },
                        _ => DueRule::EndOfMonthThenDays { days },
                    };
                    let rate = Decimal::new(i64::from(rate), 2);
                    let penalty = match penalty {
                        0 => PenaltyClause::FrB2b,
                        1 => PenaltyClause::FrB2bContract {
                            annual_rate_percent: rate,
                        },
                        2 => PenaltyClause::Fixed {
                            annual_rate_percent: rate,
                            fixed_compensation: Some(Money::new(rate, currency)),
                        },
                        _ => PenaltyClause::None,
                    };
                    let mut offset = -100;
                    let steps = kinds
                        .into_iter()
                        .zip(gaps)
                        .map(|(kind, (gap, channel))| {
                            offset += gap;
                            DunningStep {
                                kind,
                                offset_days: offset,
                                channel: Channel::ALL[channel],
                            }
                        })
                        .collect();
                    Preferences {
                        currency,
                        terms: PaymentTerms::new(rule, None).unwrap(),
                        penalty,
                        stop_work_days: stop,
                        ladder: DunningPolicy::new(steps).unwrap(),
                        aging: AgingBounds::new(bounds.into_iter().collect()).unwrap(),
                        ..Preferences::default()
                    }
                },
            )
    }

    /// Any settings, with any letterhead text and templates (some that do not check).
    fn arbitrary_with_letters() -> impl Strategy<Value = Preferences> {
        (
            arbitrary(),
            prop::collection::vec("\\PC{0,12}", 9),
            prop::collection::vec(
                (
                    0usize..8,
                    any::<bool>(),
                    any::<bool>(),
                    "[a-zA-Zé \"\\\\\n]{1,20}",
                    prop::sample::select(vec!["{client.name}", "{total.opne}", "", "{{x}}", "{"]),
                ),
                0..6,
            ),
            prop::option::of((any::<bool>(), prop::collection::vec(any::<u8>(), 0..40))),
        )
            .prop_map(|(mut settings, fields, templates, logo)| {
                let field = |index: usize| fields.get(index).cloned().unwrap_or_default();
                settings.letterhead = Letterhead {
                    name: field(0),
                    trade_name: field(1),
                    address: field(2),
                    siren: field(3),
                    vat: field(4),
                    iban: field(5),
                    bic: field(6),
                    email: field(7),
                    phone: field(8),
                    logo: None,
                };
                // A PNG or JPEG signature, then any bytes.
                settings.letterhead.logo = logo.map(|(png, tail)| {
                    let mut bytes = if png {
                        vec![0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
                    } else {
                        vec![0xFF, 0xD8, 0xFF]
                    };
                    bytes.extend(tail);
                    Logo::from_file(&bytes, "").unwrap()
                });
                for (kind, english, firm, words, placeholder) in templates {
                    let key = TemplateKey::new(
                        LetterKind::ALL[kind],
                        if english { Lang::En } else { Lang::Fr },
                        if firm {
                            Tone::Firm
                        } else {
                            Tone::Collaborative
                        },
                    );
                    let template = Template {
                        subject: words.clone(),
                        body: format!("{words}\n\n{placeholder}"),
                    };
                    settings.restore_template(key);
                    if let Err(error) = settings.set_template(key, template.clone()) {
                        settings.kept_templates.push(KeptTemplate {
                            key,
                            template,
                            error,
                        });
                    }
                }
                settings.kept_templates.sort_by_key(|kept| kept.key);
                settings
            })
    }

    proptest! {
        #[test]
        fn every_settings_record_round_trips(settings in arbitrary_with_letters()) {
            prop_assert_eq!(decode(&encode(&settings)), Ok(settings));
        }

        #[test]
        fn decoding_any_text_never_panics(text in "\\PC{0,200}") {
            let _ = decode(&text);
        }
    }
}
