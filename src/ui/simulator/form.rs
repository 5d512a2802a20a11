//! The Simulator's form and its shareable link. Pure (no Leptos), tested natively.
//!
//! The form holds every field as the text the user typed, so nothing they type is lost or
//! rewritten under their cursor. [`SimulatorForm::to_query`] prints the link (canonical values
//! where a field parses, the raw text where it does not, so a reopened link shows the same
//! error); [`SimulatorForm::from_query`] reads one back. [`SimulatorForm::parse`] turns the form
//! into a [`SimulationInput`], collecting one error per malformed field: a malformed optional
//! field is reported beside it and left out, and the rest still computes.
//!
//! A link is read from anywhere (a crafted one too): at most [`MAX_PAYMENTS`] payment rows are
//! read (a link with more says so beside the payments, and nothing is computed, since the
//! figures would leave payments out), and unknown parameters are listed once each, at most
//! [`MAX_UNKNOWN_LISTED`] of them, their names cut to [`MAX_ECHOED_CHARS`] characters.
//!
//! Link format (amounts with a dot decimal, dates ISO 8601):
//! `#/simulator?regime=fr-b2b&principal=1500.00&currency=EUR&due=2024-01-31&until=2024-09-30`
//! `&pay=2024-03-15:500.00&pay=2024-06-01:250.00` with optional `rate=`, `comp=`,
//! `category=consumer|other`, `from=`, `enforceable=`, `compound=annual`,
//! `daycount=act365|actact|act360`, `order=legal`, `rounding=daily`.

use chrono::NaiveDate;

use crate::domain::interest::{
    Capitalisation, DayCount, FrLegalCategory, InterestOptions, PaymentOrder, Rate, Regime,
    RegimeId, Rounding, SimulationInput,
};
use crate::domain::money::{Currency, Money, ParseMoneyError};
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::routes::Query;

/// At most this many payment rows: a link with more is read up to here (the rest is counted,
/// not kept), so a crafted link with 100,000 payments cannot freeze the tab.
pub const MAX_PAYMENTS: usize = 1_000;

/// At most this many unknown link parameters are named, one line each; the others are counted.
pub const MAX_UNKNOWN_LISTED: usize = 10;

/// A link's text echoed in a message is cut to this many characters.
pub const MAX_ECHOED_CHARS: usize = 40;

/// One partial payment row, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaymentRow {
    pub date: String,
    pub amount: String,
}

/// Every input of the Simulator, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimulatorForm {
    pub regime: String,
    pub principal: String,
    pub currency: String,
    pub due: String,
    /// Empty means "today".
    pub until: String,
    pub payments: Vec<PaymentRow>,
    /// How many `pay=` of the link were left out, beyond [`MAX_PAYMENTS`]. While not zero,
    /// nothing is computed (the figures would ignore payments) and the payments say why.
    pub payments_left_out: usize,
    /// The contract rate (`fr-b2b-contract`) or the agreed rate (`fixed`), percent per annum.
    pub rate: String,
    /// The agreed fixed compensation (`fixed`), optional.
    pub compensation: String,
    /// `fr-legal`: `other` (default: a professional creditor) or `consumer`.
    pub category: String,
    pub first_day: String,
    pub enforceable: String,
    pub compound: bool,
    pub day_count: String,
    pub order: String,
    pub rounding: String,
}

impl Default for SimulatorForm {
    fn default() -> SimulatorForm {
        SimulatorForm {
            regime: RegimeId::FrB2b.id().to_string(),
            principal: String::new(),
            currency: Currency::Eur.code().to_string(),
            due: String::new(),
            until: String::new(),
            payments: Vec::new(),
            payments_left_out: 0,
            rate: String::new(),
            compensation: String::new(),
            category: FrLegalCategory::Other.id().to_string(),
            first_day: String::new(),
            enforceable: String::new(),
            compound: false,
            day_count: DAY_COUNT_ACT365.to_string(),
            order: ORDER_PRINCIPAL.to_string(),
            rounding: ROUNDING_PERIOD.to_string(),
        }
    }
}

const DAY_COUNT_ACT365: &str = "act365";
const DAY_COUNT_ACTACT: &str = "actact";
const DAY_COUNT_ACT360: &str = "act360";
const ORDER_PRINCIPAL: &str = "principal";
const ORDER_LEGAL: &str = "legal";
const ROUNDING_PERIOD: &str = "period";
const ROUNDING_DAILY: &str = "daily";

/// The day-count choices offered, with their link value.
pub const DAY_COUNTS: [(&str, DayCount); 3] = [
    (DAY_COUNT_ACT365, DayCount::Act365),
    (DAY_COUNT_ACTACT, DayCount::ActAct),
    (DAY_COUNT_ACT360, DayCount::Act360),
];

/// A field of the form, to put an error next to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Regime,
    Principal,
    Currency,
    Due,
    Until,
    Payment(usize),
    /// The payments as a whole (too many in the link).
    Payments,
    Rate,
    Compensation,
    Category,
    FirstDay,
    Enforceable,
    DayCount,
    Order,
    Rounding,
    /// A query parameter the simulator does not know.
    Unknown,
}

/// Why a field's text was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldError {
    Required,
    UnknownRegime(String),
    UnknownCurrency(String),
    UnknownChoice(String),
    Date(String),
    Amount(ParseMoneyError),
    Rate(String),
    /// `pay=` that is not `DATE:AMOUNT`.
    PaymentShape(String),
    UnknownParameter(String),
    /// The link has `given` payments, more than [`MAX_PAYMENTS`]: only the first are read.
    TooManyPayments {
        given: usize,
    },
    /// More unknown parameters than [`MAX_UNKNOWN_LISTED`]: how many others.
    MoreUnknownParameters(usize),
}

/// `count` written for `lang` (`1 000`, `1,000`).
fn count(count: usize, lang: Lang) -> String {
    format::decimal(rust_decimal::Decimal::from(count), 0, lang)
}

/// `text` cut to [`MAX_ECHOED_CHARS`] characters (on a character boundary), with `…` if cut.
pub fn echoed(text: &str) -> String {
    match text.char_indices().nth(MAX_ECHOED_CHARS) {
        Some((end, _)) => format!("{}…", text.get(..end).unwrap_or_default()),
        None => text.to_string(),
    }
}

impl Describe for FieldError {
    fn describe(&self, lang: Lang) -> String {
        use FieldError::*;
        match (self, lang) {
            (Required, Lang::Fr) => "Ce champ est nécessaire au calcul.".to_string(),
            (Required, Lang::En) => "This field is needed for the calculation.".to_string(),
            (UnknownRegime(text), Lang::Fr) => format!(
                "« {text} » n'est pas un régime connu (fr-b2b, fr-b2b-contract, fr-legal, de-b2b, de-consumer, uk-b2b, eu-b2b, fixed)."
            ),
            (UnknownRegime(text), Lang::En) => format!(
                "“{text}” is not a known regime (fr-b2b, fr-b2b-contract, fr-legal, de-b2b, de-consumer, uk-b2b, eu-b2b, fixed)."
            ),
            (UnknownCurrency(text), Lang::Fr) => {
                format!("« {text} » n'est pas une devise connue (EUR, GBP, USD, CHF, JPY).")
            }
            (UnknownCurrency(text), Lang::En) => {
                format!("“{text}” is not a known currency (EUR, GBP, USD, CHF, JPY).")
            }
            (UnknownChoice(text), Lang::Fr) => {
                format!(
                    "« {text} » n'est pas un choix possible ici ; la valeur par défaut est utilisée."
                )
            }
            (UnknownChoice(text), Lang::En) => {
                format!("“{text}” is not a possible choice here; the default is used.")
            }
            (Date(text), Lang::Fr) => format!(
                "« {text} » n'est pas une date valide : écrivez-la AAAA-MM-JJ, par exemple 2024-01-31."
            ),
            (Date(text), Lang::En) => format!(
                "“{text}” is not a valid date: write it YYYY-MM-DD, for example 2024-01-31."
            ),
            (Amount(error), lang) => error.describe(lang),
            (Rate(text), Lang::Fr) => {
                format!("« {text} » n'est pas un taux annuel en pourcentage (par exemple 12,5).")
            }
            (Rate(text), Lang::En) => {
                format!("“{text}” is not an annual rate in percent (for example 12.5).")
            }
            (PaymentShape(text), Lang::Fr) => format!(
                "« {text} » n'est pas un paiement : écrivez DATE:MONTANT, par exemple 2024-03-15:500.00."
            ),
            (PaymentShape(text), Lang::En) => format!(
                "“{text}” is not a payment: write DATE:AMOUNT, for example 2024-03-15:500.00."
            ),
            (UnknownParameter(key), Lang::Fr) => {
                format!("Le paramètre « {key} » du lien est inconnu ; il est ignoré.")
            }
            (UnknownParameter(key), Lang::En) => {
                format!("The link parameter “{key}” is unknown; it is ignored.")
            }
            (TooManyPayments { given }, Lang::Fr) => format!(
                "Ce lien contient {} paiements\u{a0}; le simulateur en accepte {} au plus. Seuls les {} premiers ont été lus, et rien n'est calculé, car le résultat ignorerait les autres.",
                count(*given, lang),
                count(MAX_PAYMENTS, lang),
                count(MAX_PAYMENTS, lang)
            ),
            (TooManyPayments { given }, Lang::En) => format!(
                "This link has {} payments; the simulator takes {} at most. Only the first {} were read, and nothing is computed, since the result would leave the others out.",
                count(*given, lang),
                count(MAX_PAYMENTS, lang),
                count(MAX_PAYMENTS, lang)
            ),
            (MoreUnknownParameters(more), Lang::Fr) => format!(
                "Le lien a encore {} autres paramètres inconnus\u{a0}; ils sont ignorés.",
                count(*more, lang)
            ),
            (MoreUnknownParameters(more), Lang::En) => format!(
                "The link has {} other unknown parameters; they are ignored.",
                count(*more, lang)
            ),
        }
    }
}

/// What the form yields: the input to simulate (when the required fields parse) and every
/// field error, in form order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedForm {
    pub input: Option<SimulationInput>,
    pub errors: Vec<(Field, FieldError)>,
}

/// Whether the simulation can run without a field that is in error.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    /// The simulation needs this field: in error, nothing is computed.
    Required,
    /// An option or a payment line: in error, it is left out and the rest still computes.
    Optional,
}

impl ParsedForm {
    /// The error of one field, if any.
    pub fn error(&self, field: Field) -> Option<&FieldError> {
        self.errors
            .iter()
            .find(|(candidate, _)| *candidate == field)
            .map(|(_, error)| error)
    }
}

fn parse_date(text: &str) -> Result<NaiveDate, FieldError> {
    crate::domain::calendar::iso_date(text.trim())
        .ok_or_else(|| FieldError::Date(echoed(text.trim())))
}

fn parse_rate(text: &str) -> Result<Rate, FieldError> {
    Rate::parse(text).map_err(|_| FieldError::Rate(echoed(text.trim())))
}

/// The canonical link text of an amount (dot decimal), or the raw text when it does not parse.
fn canonical_amount(text: &str, currency: Option<Currency>) -> String {
    match Money::parse(text, currency.unwrap_or(Currency::Eur)) {
        Ok(money) => money.amount().to_string(),
        Err(_) => text.trim().to_string(),
    }
}

fn canonical_rate(text: &str) -> String {
    match Rate::parse(text) {
        Ok(rate) => rate.percent().normalize().to_string(),
        Err(_) => text.trim().to_string(),
    }
}

impl SimulatorForm {
    /// The regime chosen, if the text names one.
    pub fn regime_id(&self) -> Option<RegimeId> {
        RegimeId::from_id(&self.regime)
    }

    /// Reads a link. Missing parameters keep their defaults; an unknown `currency` with no
    /// `currency=` but a UK regime defaults to GBP.
    pub fn from_query(query: &Query) -> SimulatorForm {
        let mut form = SimulatorForm::default();
        let text = |key: &str| query.get(key).map(str::to_string);
        if let Some(regime) = text("regime") {
            form.regime = regime;
        }
        form.currency = match (text("currency"), form.regime_id()) {
            (Some(currency), _) => currency,
            (None, Some(RegimeId::UkB2b)) => Currency::Gbp.code().to_string(),
            (None, _) => Currency::Eur.code().to_string(),
        };
        form.principal = text("principal").unwrap_or_default();
        form.due = text("due").unwrap_or_default();
        form.until = text("until").unwrap_or_default();
        form.rate = text("rate").unwrap_or_default();
        form.compensation = text("comp").unwrap_or_default();
        if let Some(category) = text("category") {
            form.category = category;
        }
        form.first_day = text("from").unwrap_or_default();
        form.enforceable = text("enforceable").unwrap_or_default();
        form.compound = query.get("compound").is_some_and(|value| !value.is_empty());
        if let Some(day_count) = text("daycount") {
            form.day_count = day_count;
        }
        if let Some(order) = text("order") {
            form.order = order;
        }
        if let Some(rounding) = text("rounding") {
            form.rounding = rounding;
        }
        let mut pays = query.get_all("pay");
        form.payments = pays
            .by_ref()
            .take(MAX_PAYMENTS)
            .map(|value| match value.split_once(':') {
                Some((date, amount)) => PaymentRow {
                    date: date.to_string(),
                    amount: amount.to_string(),
                },
                None => PaymentRow {
                    date: value.to_string(),
                    amount: String::new(),
                },
            })
            .collect();
        form.payments_left_out = pays.count();
        form
    }

    /// Whether another payment row may be added (fewer than [`MAX_PAYMENTS`]).
    pub fn can_add_payment(&self) -> bool {
        self.payments.len() < MAX_PAYMENTS
    }

    /// Adds an empty payment row, unless there are [`MAX_PAYMENTS`] already.
    pub fn add_payment(&mut self) {
        if self.can_add_payment() {
            self.payments.push(PaymentRow::default());
        }
    }

    /// What the payments say below their list when no more may be added, if anything.
    pub fn payments_limit_notice(&self, lang: Lang) -> Option<String> {
        (!self.can_add_payment() && self.payments_left_out == 0).then(|| match lang {
            Lang::Fr => format!(
                "{} paiements au plus\u{a0}: supprimez-en un pour en ajouter un autre.",
                count(MAX_PAYMENTS, lang)
            ),
            Lang::En => format!(
                "{} payments at most: remove one to add another.",
                count(MAX_PAYMENTS, lang)
            ),
        })
    }

    /// The same form with its amounts and rates written with the decimal mark of `lang`
    /// (`1500,00` in French), as a user of that language reads and types them. Text that is not
    /// a number is left as it is, so its error still shows.
    pub fn localized(mut self, lang: Lang) -> SimulatorForm {
        if lang == Lang::En {
            return self;
        }
        let currency = Currency::from_code(&self.currency).unwrap_or(Currency::Eur);
        let amount = |text: &str| match Money::parse(text, currency) {
            Ok(money) => money.amount().to_string().replace('.', ","),
            Err(_) => text.to_string(),
        };
        let rate = |text: &str| match Rate::parse(text) {
            Ok(rate) => rate.percent().normalize().to_string().replace('.', ","),
            Err(_) => text.to_string(),
        };
        self.principal = amount(&self.principal);
        self.compensation = amount(&self.compensation);
        self.rate = rate(&self.rate);
        for payment in &mut self.payments {
            payment.amount = amount(&payment.amount);
        }
        self
    }

    /// The link of this form: parameters in a fixed order, defaults left out, canonical values
    /// where a field parses.
    pub fn to_query(&self) -> Query {
        let mut query = Query::default();
        let currency = Currency::from_code(&self.currency).ok();
        let push_text = |query: &mut Query, key: &str, value: &str| {
            if !value.trim().is_empty() {
                query.push(key, value.trim());
            }
        };
        push_text(&mut query, "regime", &self.regime);
        push_text(
            &mut query,
            "principal",
            &canonical_amount(&self.principal, currency),
        );
        push_text(&mut query, "currency", &self.currency);
        push_text(&mut query, "due", &self.due);
        push_text(&mut query, "until", &self.until);
        for payment in &self.payments {
            if payment.date.trim().is_empty() && payment.amount.trim().is_empty() {
                continue;
            }
            query.push(
                "pay",
                format!(
                    "{}:{}",
                    payment.date.trim(),
                    canonical_amount(&payment.amount, currency)
                ),
            );
        }
        let regime = self.regime_id();
        if matches!(regime, Some(RegimeId::FrB2bContract | RegimeId::Fixed)) {
            push_text(&mut query, "rate", &canonical_rate(&self.rate));
        }
        if regime == Some(RegimeId::Fixed) {
            push_text(
                &mut query,
                "comp",
                &canonical_amount(&self.compensation, currency),
            );
        }
        if regime == Some(RegimeId::FrLegal) {
            push_text(&mut query, "category", &self.category);
        }
        push_text(&mut query, "from", &self.first_day);
        if regime == Some(RegimeId::FrLegal) {
            push_text(&mut query, "enforceable", &self.enforceable);
        }
        if self.compound {
            query.push("compound", "annual");
        }
        if self.day_count != DAY_COUNT_ACT365 {
            push_text(&mut query, "daycount", &self.day_count);
        }
        if self.order != ORDER_PRINCIPAL {
            push_text(&mut query, "order", &self.order);
        }
        if self.rounding != ROUNDING_PERIOD {
            push_text(&mut query, "rounding", &self.rounding);
        }
        query
    }

    /// Parses the form. `today` is the end date when `until` is empty.
    pub fn parse(&self, today: NaiveDate) -> ParsedForm {
        let mut errors: Vec<(Field, FieldError)> = Vec::new();
        let mut required_ok = true;
        let mut fail = |errors: &mut Vec<(Field, FieldError)>, field, error, need: Need| {
            errors.push((field, error));
            if need == Need::Required {
                required_ok = false;
            }
        };

        let regime_id = match self.regime_id() {
            Some(id) => Some(id),
            None => {
                fail(
                    &mut errors,
                    Field::Regime,
                    FieldError::UnknownRegime(echoed(self.regime.trim())),
                    Need::Required,
                );
                None
            }
        };
        let currency = match Currency::from_code(&self.currency) {
            Ok(currency) => Some(currency),
            Err(_) => {
                fail(
                    &mut errors,
                    Field::Currency,
                    FieldError::UnknownCurrency(echoed(self.currency.trim())),
                    Need::Required,
                );
                None
            }
        };
        let money_in = |text: &str| Money::parse(text, currency.unwrap_or(Currency::Eur));
        let principal = if self.principal.trim().is_empty() {
            fail(
                &mut errors,
                Field::Principal,
                FieldError::Required,
                Need::Required,
            );
            None
        } else {
            match money_in(&self.principal) {
                Ok(money) => Some(money),
                Err(error) => {
                    fail(
                        &mut errors,
                        Field::Principal,
                        FieldError::Amount(error),
                        Need::Required,
                    );
                    None
                }
            }
        };
        let due = if self.due.trim().is_empty() {
            fail(
                &mut errors,
                Field::Due,
                FieldError::Required,
                Need::Required,
            );
            None
        } else {
            match parse_date(&self.due) {
                Ok(date) => Some(date),
                Err(error) => {
                    fail(&mut errors, Field::Due, error, Need::Required);
                    None
                }
            }
        };
        let until = if self.until.trim().is_empty() {
            Some(today)
        } else {
            match parse_date(&self.until) {
                Ok(date) => Some(date),
                Err(error) => {
                    fail(&mut errors, Field::Until, error, Need::Required);
                    None
                }
            }
        };

        let given = self.payments.len().saturating_add(self.payments_left_out);
        if given > MAX_PAYMENTS {
            fail(
                &mut errors,
                Field::Payments,
                FieldError::TooManyPayments { given },
                Need::Required,
            );
        }
        let mut payments = Vec::new();
        for (index, row) in self.payments.iter().enumerate().take(MAX_PAYMENTS) {
            if row.date.trim().is_empty() && row.amount.trim().is_empty() {
                continue;
            }
            let date = parse_date(&row.date);
            let amount = if row.amount.trim().is_empty() {
                Err(FieldError::PaymentShape(format!(
                    "{}:",
                    echoed(row.date.trim())
                )))
            } else {
                money_in(&row.amount).map_err(FieldError::Amount)
            };
            match (date, amount) {
                (Ok(date), Ok(amount)) => payments.push((date, amount)),
                (Err(error), _) | (_, Err(error)) => {
                    fail(&mut errors, Field::Payment(index), error, Need::Optional);
                }
            }
        }

        let needs_rate = matches!(regime_id, Some(RegimeId::FrB2bContract | RegimeId::Fixed));
        let rate = if !needs_rate {
            None
        } else if self.rate.trim().is_empty() {
            fail(
                &mut errors,
                Field::Rate,
                FieldError::Required,
                Need::Required,
            );
            None
        } else {
            match parse_rate(&self.rate) {
                Ok(rate) => Some(rate),
                Err(error) => {
                    fail(&mut errors, Field::Rate, error, Need::Required);
                    None
                }
            }
        };
        let compensation =
            if regime_id != Some(RegimeId::Fixed) || self.compensation.trim().is_empty() {
                None
            } else {
                match money_in(&self.compensation) {
                    Ok(money) => Some(money),
                    Err(error) => {
                        fail(
                            &mut errors,
                            Field::Compensation,
                            FieldError::Amount(error),
                            Need::Required,
                        );
                        None
                    }
                }
            };
        let category = match FrLegalCategory::from_id(&self.category) {
            Some(category) => category,
            None => {
                if regime_id == Some(RegimeId::FrLegal) {
                    fail(
                        &mut errors,
                        Field::Category,
                        FieldError::UnknownChoice(echoed(self.category.trim())),
                        Need::Optional,
                    );
                }
                FrLegalCategory::Other
            }
        };

        let mut options = InterestOptions::default();
        if !self.first_day.trim().is_empty() {
            match parse_date(&self.first_day) {
                Ok(date) => options.first_day_of_interest = Some(date),
                Err(error) => fail(&mut errors, Field::FirstDay, error, Need::Optional),
            }
        }
        if regime_id == Some(RegimeId::FrLegal) && !self.enforceable.trim().is_empty() {
            match parse_date(&self.enforceable) {
                Ok(date) => options.enforceable_on = Some(date),
                Err(error) => fail(&mut errors, Field::Enforceable, error, Need::Optional),
            }
        }
        if self.compound {
            options.capitalisation = Capitalisation::Annual;
        }
        match DAY_COUNTS
            .iter()
            .find(|(id, _)| *id == self.day_count.trim())
        {
            Some((_, day_count)) => options.day_count = *day_count,
            None => fail(
                &mut errors,
                Field::DayCount,
                FieldError::UnknownChoice(echoed(self.day_count.trim())),
                Need::Optional,
            ),
        }
        match self.order.trim() {
            ORDER_PRINCIPAL => options.payment_order = PaymentOrder::PrincipalFirst,
            ORDER_LEGAL => options.payment_order = PaymentOrder::LegalOrder,
            other => fail(
                &mut errors,
                Field::Order,
                FieldError::UnknownChoice(echoed(other)),
                Need::Optional,
            ),
        }
        match self.rounding.trim() {
            ROUNDING_PERIOD => options.rounding = Rounding::PerPeriod,
            ROUNDING_DAILY => options.rounding = Rounding::DailyAmountFirst,
            other => fail(
                &mut errors,
                Field::Rounding,
                FieldError::UnknownChoice(echoed(other)),
                Need::Optional,
            ),
        }

        let regime = match (regime_id, rate) {
            (Some(RegimeId::FrB2b), _) => Some(Regime::FrB2b),
            (Some(RegimeId::FrB2bContract), Some(rate)) => Some(Regime::FrB2bContract {
                contract_rate: rate,
            }),
            (Some(RegimeId::FrLegal), _) => Some(Regime::FrLegal { category }),
            (Some(RegimeId::DeB2b), _) => Some(Regime::DeB2b),
            (Some(RegimeId::DeConsumer), _) => Some(Regime::DeConsumer),
            (Some(RegimeId::UkB2b), _) => Some(Regime::UkB2b),
            (Some(RegimeId::EuB2b), _) => Some(Regime::EuB2b),
            (Some(RegimeId::Fixed), Some(rate)) => Some(Regime::Fixed { rate, compensation }),
            _ => None,
        };

        let input = match (required_ok, regime, principal, due, until) {
            (true, Some(regime), Some(principal), Some(due_date), Some(end_date)) => {
                Some(SimulationInput {
                    regime,
                    principal,
                    due_date,
                    end_date,
                    payments,
                    options,
                })
            }
            _ => None,
        };
        ParsedForm { input, errors }
    }
}

/// Reports the parameters of a link that the simulator does not know: each name once (cut to
/// [`MAX_ECHOED_CHARS`]), at most [`MAX_UNKNOWN_LISTED`] names, then how many others.
pub fn unknown_parameters(query: &Query) -> Vec<(Field, FieldError)> {
    const KNOWN: [&str; 16] = [
        "regime",
        "principal",
        "currency",
        "due",
        "until",
        "pay",
        "rate",
        "comp",
        "category",
        "from",
        "enforceable",
        "compound",
        "daycount",
        "order",
        "rounding",
        "as_of",
    ];
    let mut names: Vec<&str> = Vec::new();
    let mut others = std::collections::HashSet::new();
    for (key, _) in query.pairs() {
        let key = key.as_str();
        if KNOWN.contains(&key) || names.contains(&key) {
            continue;
        }
        if names.len() < MAX_UNKNOWN_LISTED {
            names.push(key);
        } else {
            others.insert(key);
        }
    }
    let mut problems: Vec<(Field, FieldError)> = names
        .into_iter()
        .map(|key| (Field::Unknown, FieldError::UnknownParameter(echoed(key))))
        .collect();
    if !others.is_empty() {
        problems.push((
            Field::Unknown,
            FieldError::MoreUnknownParameters(others.len()),
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    const LINK: &str = "regime=fr-b2b&principal=1500.00&currency=EUR&due=2024-01-31&until=2024-09-30&pay=2024-03-15:500.00&pay=2024-06-01:250.00";

    #[test]
    fn the_documented_link_parses_into_a_simulation_input() {
        let form = SimulatorForm::from_query(&Query::parse(LINK));
        let parsed = form.parse(date("2026-11-23"));
        assert_eq!(parsed.errors, []);
        let input = parsed.input.unwrap();
        assert_eq!(input.regime, Regime::FrB2b);
        assert_eq!(input.principal, Money::new(dec!(1500), Currency::Eur));
        assert_eq!(input.due_date, date("2024-01-31"));
        assert_eq!(input.end_date, date("2024-09-30"));
        assert_eq!(
            input.payments,
            [
                (date("2024-03-15"), Money::new(dec!(500), Currency::Eur)),
                (date("2024-06-01"), Money::new(dec!(250), Currency::Eur)),
            ]
        );
        assert_eq!(input.options, InterestOptions::default());
    }

    #[test]
    fn a_link_round_trips_through_the_form() {
        assert_eq!(
            SimulatorForm::from_query(&Query::parse(LINK))
                .to_query()
                .to_string(),
            LINK
        );
        let every_option = "regime=fr-legal&principal=2000.00&currency=EUR&due=2023-05-31&until=2025-12-31&category=consumer&from=2023-07-01&enforceable=2024-01-15&compound=annual&daycount=actact&order=legal&rounding=daily";
        assert_eq!(
            SimulatorForm::from_query(&Query::parse(every_option))
                .to_query()
                .to_string(),
            every_option
        );
        let fixed =
            "regime=fixed&principal=100.00&currency=USD&due=2024-01-31&rate=12.5&comp=15.00";
        assert_eq!(
            SimulatorForm::from_query(&Query::parse(fixed))
                .to_query()
                .to_string(),
            fixed
        );
    }

    #[test]
    fn a_link_opened_in_french_shows_decimal_commas_and_prints_back_the_same_link() {
        let query = Query::parse(&format!("{LINK}&rate=12.5"));
        let form = SimulatorForm::from_query(&query).localized(Lang::Fr);
        assert_eq!(form.principal, "1500,00");
        assert_eq!(form.payments[0].amount, "500,00");
        assert_eq!(form.rate, "12,5");
        assert_eq!(
            form.to_query().to_string(),
            LINK,
            "the rate is not part of an fr-b2b link"
        );
        let english = SimulatorForm::from_query(&query).localized(Lang::En);
        assert_eq!(english.principal, "1500.00");
        let broken =
            SimulatorForm::from_query(&Query::parse("principal=1,500")).localized(Lang::Fr);
        assert_eq!(
            broken.principal, "1,500",
            "a text with an error is shown as it was"
        );
    }

    #[test]
    fn typed_french_amounts_become_canonical_in_the_link() {
        let form = SimulatorForm {
            principal: "1 500,5".to_string(),
            due: "2024-01-31".to_string(),
            payments: vec![PaymentRow {
                date: "2024-03-15".to_string(),
                amount: "500,00".to_string(),
            }],
            ..SimulatorForm::default()
        };
        assert_eq!(
            form.to_query().to_string(),
            "regime=fr-b2b&principal=1500.50&currency=EUR&due=2024-01-31&pay=2024-03-15:500.00"
        );
    }

    #[test]
    fn a_malformed_optional_field_is_reported_and_the_rest_still_computes() {
        let link = format!("{LINK}&pay=2024-02-30:100&daycount=weird&from=soon");
        let parsed = SimulatorForm::from_query(&Query::parse(&link)).parse(date("2026-11-23"));
        assert_eq!(
            parsed.error(Field::Payment(2)),
            Some(&FieldError::Date("2024-02-30".into()))
        );
        assert_eq!(
            parsed.error(Field::DayCount),
            Some(&FieldError::UnknownChoice("weird".into()))
        );
        assert_eq!(
            parsed.error(Field::FirstDay),
            Some(&FieldError::Date("soon".into()))
        );
        let input = parsed.input.expect("the rest still computes");
        assert_eq!(input.payments.len(), 2);
        assert_eq!(input.options.day_count, DayCount::Act365);
    }

    #[test]
    fn a_malformed_required_field_stops_the_calculation_with_its_reason() {
        let parsed = SimulatorForm::from_query(&Query::parse(
            "regime=fr-b2b&principal=1,500&due=2024-13-01",
        ))
        .parse(date("2026-11-23"));
        assert!(parsed.input.is_none());
        assert!(matches!(
            parsed.error(Field::Principal),
            Some(FieldError::Amount(ParseMoneyError::Ambiguous { .. }))
        ));
        assert_eq!(
            parsed.error(Field::Due),
            Some(&FieldError::Date("2024-13-01".into()))
        );
        let unknown =
            SimulatorForm::from_query(&Query::parse("regime=xx-b2b&principal=1&due=2024-01-01"))
                .parse(date("2026-11-23"));
        assert_eq!(
            unknown.error(Field::Regime),
            Some(&FieldError::UnknownRegime("xx-b2b".into()))
        );
        assert!(unknown.input.is_none());
    }

    #[test]
    fn the_end_date_defaults_to_today_and_uk_defaults_to_pounds() {
        let parsed =
            SimulatorForm::from_query(&Query::parse("regime=uk-b2b&principal=1000&due=2024-01-31"))
                .parse(date("2026-11-23"));
        let input = parsed.input.unwrap();
        assert_eq!(input.end_date, date("2026-11-23"));
        assert_eq!(input.principal.currency(), Currency::Gbp);
    }

    #[test]
    fn contract_and_fixed_regimes_need_their_rate() {
        let parsed = SimulatorForm::from_query(&Query::parse(
            "regime=fr-b2b-contract&principal=1000&due=2024-01-31",
        ))
        .parse(date("2026-11-23"));
        assert_eq!(parsed.error(Field::Rate), Some(&FieldError::Required));
        assert!(parsed.input.is_none());
        let parsed = SimulatorForm::from_query(&Query::parse(
            "regime=fr-b2b-contract&principal=1000&due=2024-01-31&rate=12,5",
        ))
        .parse(date("2026-11-23"));
        assert_eq!(
            parsed.input.unwrap().regime,
            Regime::FrB2bContract {
                contract_rate: Rate::from_percent(dec!(12.5))
            }
        );
    }

    #[test]
    fn unknown_link_parameters_are_named() {
        let query = Query::parse("regime=fr-b2b&colour=blue");
        assert_eq!(
            unknown_parameters(&query),
            [(
                Field::Unknown,
                FieldError::UnknownParameter("colour".into())
            )]
        );
    }

    /// The parameters another page writes for an input (`domain::interest::link`) are this
    /// form's link: read back, in either language, they give the same input, and the form
    /// prints the same link, for every regime and every option.
    #[test]
    fn the_domain_link_parameters_read_back_as_the_same_input() {
        use crate::domain::interest::{FrLegalCategory, simulator_parameters};
        let eur = |amount| Money::new(amount, Currency::Eur);
        let base = SimulationInput {
            regime: Regime::FrB2b,
            principal: eur(dec!(1234.56)),
            due_date: date("2025-01-31"),
            end_date: date("2026-11-30"),
            payments: vec![
                (date("2025-06-01"), eur(dec!(100))),
                (date("2025-03-15"), eur(dec!(0.01))),
            ],
            options: InterestOptions::default(),
        };
        let every_option = InterestOptions {
            first_day_of_interest: Some(date("2025-02-10")),
            enforceable_on: Some(date("2025-09-01")),
            capitalisation: Capitalisation::Annual,
            day_count: DayCount::ActAct,
            payment_order: PaymentOrder::LegalOrder,
            rounding: Rounding::DailyAmountFirst,
        };
        let rate = Rate::from_percent(dec!(12.345678));
        let mut inputs = vec![
            base.clone(),
            SimulationInput {
                regime: Regime::FrB2bContract {
                    contract_rate: rate,
                },
                ..base.clone()
            },
            SimulationInput {
                regime: Regime::FrLegal {
                    category: FrLegalCategory::Consumer,
                },
                options: every_option,
                ..base.clone()
            },
            SimulationInput {
                regime: Regime::FrLegal {
                    category: FrLegalCategory::Other,
                },
                ..base.clone()
            },
            SimulationInput {
                regime: Regime::Fixed {
                    rate,
                    compensation: Some(eur(dec!(15))),
                },
                options: InterestOptions {
                    day_count: DayCount::Act360,
                    ..InterestOptions::default()
                },
                ..base.clone()
            },
            SimulationInput {
                regime: Regime::Fixed {
                    rate: Rate::from_percent(dec!(8)),
                    compensation: None,
                },
                payments: Vec::new(),
                ..base.clone()
            },
            SimulationInput {
                regime: Regime::UkB2b,
                principal: Money::new(dec!(999.99), Currency::Gbp),
                payments: vec![(date("2025-02-01"), Money::new(dec!(10), Currency::Gbp))],
                ..base.clone()
            },
            SimulationInput {
                regime: Regime::Fixed {
                    rate,
                    compensation: Some(Money::new(dec!(1500), Currency::Jpy)),
                },
                principal: Money::new(dec!(150000), Currency::Jpy),
                payments: Vec::new(),
                ..base.clone()
            },
        ];
        for regime in [Regime::DeB2b, Regime::DeConsumer, Regime::EuB2b] {
            inputs.push(SimulationInput {
                regime,
                ..base.clone()
            });
        }
        for input in inputs {
            let mut query = Query::default();
            for (key, value) in simulator_parameters(&input) {
                query.push(key, value);
            }
            assert_eq!(unknown_parameters(&query), []);
            for lang in Lang::ALL {
                let form = SimulatorForm::from_query(&query).localized(lang);
                assert_eq!(form.to_query(), query, "{lang:?}: {query}");
                let parsed = form.parse(date("2030-01-01"));
                assert_eq!(parsed.errors, [], "{query}");
                assert_eq!(parsed.input.as_ref(), Some(&input), "{query}");
            }
        }
    }

    /// A crafted link with 100,000 payments: the form keeps 1,000 rows, says how many the link
    /// had beside the payments, computes nothing (the figures would leave payments out), and
    /// prints back a link of 1,000 payments.
    #[test]
    fn a_link_with_more_than_1000_payments_is_cut_and_says_so() {
        let mut link = String::from("regime=fr-b2b&principal=1500&due=2024-01-31&until=2024-09-30");
        for _ in 0..100_000 {
            link.push_str("&pay=2024-03-15:1.00");
        }
        let started = std::time::Instant::now();
        let form = SimulatorForm::from_query(&Query::parse(&link));
        assert_eq!(form.payments.len(), MAX_PAYMENTS);
        assert_eq!(form.payments_left_out, 100_000 - MAX_PAYMENTS);
        let parsed = form.parse(date("2025-01-01"));
        assert_eq!(parsed.input, None);
        let error = parsed.error(Field::Payments).unwrap();
        assert_eq!(error, &FieldError::TooManyPayments { given: 100_000 });
        assert_eq!(
            error.describe(Lang::En),
            "This link has 100,000 payments; the simulator takes 1,000 at most. Only the first 1,000 were read, and nothing is computed, since the result would leave the others out."
        );
        assert!(
            error
                .describe(Lang::Fr)
                .starts_with("Ce lien contient 100\u{202f}000 paiements")
        );
        assert!(!form.can_add_payment());
        assert_eq!(form.to_query().get_all("pay").count(), MAX_PAYMENTS);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));

        // Exactly 1,000 computes; the add button then stops, with its reason.
        let mut form = form;
        form.payments_left_out = 0;
        let parsed = form.parse(date("2025-01-01"));
        assert_eq!(parsed.errors, []);
        assert_eq!(parsed.input.unwrap().payments.len(), MAX_PAYMENTS);
        form.add_payment();
        assert_eq!(form.payments.len(), MAX_PAYMENTS);
        assert_eq!(
            form.payments_limit_notice(Lang::En).as_deref(),
            Some("1,000 payments at most: remove one to add another.")
        );
        form.payments.pop();
        assert_eq!(form.payments_limit_notice(Lang::En), None);
        form.add_payment();
        assert_eq!(form.payments.len(), MAX_PAYMENTS);
    }

    /// 100,000 unknown parameters (50,000 names, each twice) and a name of 10,000 characters:
    /// ten names listed once each, cut to 40 characters, then how many others.
    #[test]
    fn unknown_parameters_are_listed_once_each_and_at_most_ten() {
        let mut link = format!("{}=1", "é".repeat(10_000));
        for index in 0..100_000 {
            link.push_str(&format!("&x{}=1", index % 50_000));
        }
        let problems = unknown_parameters(&Query::parse(&link));
        assert_eq!(problems.len(), MAX_UNKNOWN_LISTED + 1);
        assert_eq!(
            problems[0].1,
            FieldError::UnknownParameter(format!("{}…", "é".repeat(MAX_ECHOED_CHARS)))
        );
        assert_eq!(problems[1].1, FieldError::UnknownParameter("x0".into()));
        assert_eq!(
            problems[MAX_UNKNOWN_LISTED].1,
            FieldError::MoreUnknownParameters(50_001 - MAX_UNKNOWN_LISTED)
        );
        assert_eq!(
            problems[MAX_UNKNOWN_LISTED].1.describe(Lang::En),
            "The link has 49,991 other unknown parameters; they are ignored."
        );
    }

    #[test]
    fn every_error_is_a_sentence_in_both_languages() {
        for error in [
            FieldError::Required,
            FieldError::UnknownRegime("x".into()),
            FieldError::UnknownCurrency("x".into()),
            FieldError::UnknownChoice("x".into()),
            FieldError::Date("x".into()),
            FieldError::Rate("x".into()),
            FieldError::PaymentShape("x".into()),
            FieldError::UnknownParameter("x".into()),
            FieldError::TooManyPayments { given: 100_000 },
            FieldError::MoreUnknownParameters(3),
        ] {
            for lang in Lang::ALL {
                let sentence = error.describe(lang);
                assert!(sentence.ends_with('.'), "{sentence}");
            }
        }
    }
}
