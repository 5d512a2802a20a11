//! What the dashboard shows, as plain values computed from the books as of a date: totals per
//! currency, the aging bars (widths in integer per-mille), today's actions from the dunning
//! ladder grouped by client and step, the top debtors per currency with their risk grade, the
//! 12-week cash-in forecast, and the late interest and compensation accrued to date by the
//! engine. Pure, tested natively; the components only lay these values out.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::domain::calendar::{in_calendar, iso_date};
use crate::domain::interest::{NotSimulable, RateTables, input_of_invoice, simulate_totals};
use crate::domain::{
    AgingBounds, Bucket, CashForecast, ClientId, ContactDetails, Currency, Dashboard,
    DunningPolicy, DunningStep, FieldError, InvoiceId, Ledger, Money, MoneyError, RiskGrade,
    RiskReason, StepKind,
};
use crate::i18n::{Describe, Lang};
use crate::routes::{Query, RecordView, Route};

/// The aging bucket bounds and the dunning ladder the dashboard uses: the user's own
/// (Settings), the defaults in the tests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ladder {
    pub bounds: AgingBounds,
    pub policy: DunningPolicy,
}

/// How many debtors the dashboard lists, per currency.
pub const TOP_DEBTORS: usize = 5;

/// Why the typed "as of" date is not used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AsOfError {
    Missing,
    NotADate(String),
}

impl Describe for AsOfError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (AsOfError::Missing, Lang::Fr) => {
                "Saisissez une date complète (jour, mois, année)\u{a0}: les chiffres restent ceux de la dernière date valable.".to_string()
            }
            (AsOfError::Missing, Lang::En) => {
                "Enter a full date (day, month, year): the figures stay those of the last valid date.".to_string()
            }
            (AsOfError::NotADate(text), Lang::Fr) => format!(
                "«\u{a0}{text}\u{a0}» n'est pas une date (attendu\u{a0}: AAAA-MM-JJ)\u{a0}: les chiffres restent ceux de la dernière date valable."
            ),
            (AsOfError::NotADate(text), Lang::En) => format!(
                "“{text}” is not a date (expected: YYYY-MM-DD): the figures stay those of the last valid date."
            ),
        }
    }
}

/// The date typed in the "as of" field (ISO, as the browser's date input gives it).
pub fn parse_as_of(text: &str) -> Result<NaiveDate, AsOfError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(AsOfError::Missing);
    }
    let shown: String = trimmed.chars().take(40).collect();
    iso_date(trimmed)
        .filter(|date| in_calendar(*date))
        .ok_or(AsOfError::NotADate(shown))
}

/// The dashboard's date from its link (`#/?as_of=2026-12-31`): today when the link names none;
/// today and the reason when it names one that is not a date.
pub fn as_of_of_query(query: &Query, today: NaiveDate) -> (NaiveDate, Option<AsOfError>) {
    match query.get("as_of") {
        None => (today, None),
        Some(text) => match parse_as_of(text) {
            Ok(date) => (date, None),
            Err(error) => (today, Some(error)),
        },
    }
}

/// The dashboard's link as of `as_of`.
pub fn dashboard_route(as_of: NaiveDate) -> Route {
    let mut query = Query::default();
    query.push("as_of", as_of.to_string());
    Route::Dashboard(query)
}

/// The code of an aging bucket in the invoices list's links (`bucket=1-30`; the list's link
/// format, documented in its model).
pub fn bucket_code(bucket: Bucket) -> String {
    match bucket {
        Bucket::NotYetDue => "not-yet-due".to_string(),
        Bucket::Range { from, to } => format!("{from}-{to}"),
        Bucket::Over { after } => format!("over-{after}"),
    }
}

/// The invoices list filtered on one bucket, as of `as_of`.
pub fn bucket_href(bucket: Bucket, as_of: NaiveDate) -> String {
    let mut query = Query::default();
    query.push("bucket", bucket_code(bucket));
    query.push("as_of", as_of.to_string());
    Route::Invoices(RecordView::List(query)).href()
}

/// `amount` as thousandths of `max` (0 to 1000, rounded down), for a bar's width: exact
/// decimal arithmetic, no floating point. A zero or negative `max` gives 0.
pub fn per_mille(amount: Money, max: Money) -> u32 {
    let (amount, max) = (amount.amount(), max.amount());
    if max <= Decimal::ZERO || amount <= Decimal::ZERO {
        return 0;
    }
    amount
        .checked_mul(Decimal::ONE_THOUSAND)
        .and_then(|scaled| scaled.checked_div(max))
        .map(|ratio| ratio.floor().min(Decimal::ONE_THOUSAND))
        .and_then(|ratio| ratio.to_u32())
        .unwrap_or(0)
}

/// Open and overdue receivables in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrencyTotal {
    pub currency: Currency,
    pub open: Money,
    pub open_count: usize,
    pub overdue: Money,
    pub overdue_count: usize,
}

/// One bar of the aging chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgingBar {
    pub bucket: Bucket,
    pub amount: Money,
    pub count: usize,
    /// Thousandths of the largest bucket of the currency.
    pub per_mille: u32,
    /// The invoices list on this bucket, as of the dashboard's date.
    pub href: String,
}

/// The aging of one currency: one bar per bucket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgingChart {
    pub currency: Currency,
    pub bars: Vec<AgingBar>,
}

/// An invoice named on the dashboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceRef {
    pub id: InvoiceId,
    pub number: String,
    pub href: String,
}

/// One action due today: a step of the ladder for one client's invoices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub client: ClientId,
    pub client_name: String,
    pub step: DunningStep,
    /// The earliest day the step was due among the invoices.
    pub due_since: NaiveDate,
    pub invoices: Vec<InvoiceRef>,
    /// What those invoices leave open, per currency.
    pub open: Vec<Money>,
}

impl Action {
    /// The contact-log entry that records this action as done on `date`.
    pub fn done_entry(&self, date: NaiveDate, lang: Lang) -> Result<ContactDetails, FieldError> {
        let summary = match lang {
            Lang::Fr => format!(
                "{} ({}) faite, notée depuis le tableau de bord.",
                capitalised(&self.step.kind.describe(lang)),
                self.step.channel.describe(lang)
            ),
            Lang::En => format!(
                "{} ({}) done, noted from the dashboard.",
                capitalised(&self.step.kind.describe(lang)),
                self.step.channel.describe(lang)
            ),
        };
        ContactDetails::new(
            self.client,
            date,
            self.step.channel,
            &summary,
            self.invoices.iter().map(|invoice| invoice.id).collect(),
            Some(self.step.kind),
        )
    }
}

/// A sentence's first letter in capitals.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A client in the top debtors of a currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Debtor {
    pub client: ClientId,
    pub name: String,
    pub href: String,
    pub overdue: Money,
    pub open: Money,
    pub grade: RiskGrade,
    pub reason: RiskReason,
}

/// The clients owing the most in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopDebtors {
    pub currency: Currency,
    pub debtors: Vec<Debtor>,
}

/// One week of the forecast in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeekColumn {
    pub start: NaiveDate,
    pub amount: Money,
    /// Thousandths of the largest week of the currency.
    pub per_mille: u32,
}

/// The 12-week cash-in forecast in one currency, with what falls outside the weeks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForecastChart {
    pub currency: Currency,
    pub weeks: Vec<WeekColumn>,
    pub overdue_now: Money,
    pub later: Money,
    pub disputed: Money,
}

/// Why an overdue invoice's interest was not computed, grouped for one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skipped {
    Disputed,
    NoPenaltyClause,
    ConsumerClause,
    NoFormalNotice,
    InterestFrozen,
    FullyCredited,
    /// The engine refused the invoice's input, or its sums overflow.
    Refused,
}

impl Skipped {
    fn of(reason: &NotSimulable) -> Option<Skipped> {
        match reason {
            NotSimulable::Disputed => Some(Skipped::Disputed),
            NotSimulable::NoPenaltyClause => Some(Skipped::NoPenaltyClause),
            NotSimulable::BusinessClauseForConsumer { .. } => Some(Skipped::ConsumerClause),
            NotSimulable::NoFormalNotice => Some(Skipped::NoFormalNotice),
            NotSimulable::InterestFrozen { .. } => Some(Skipped::InterestFrozen),
            NotSimulable::FullyCredited => Some(Skipped::FullyCredited),
            NotSimulable::Overflow | NotSimulable::UnknownInvoice => Some(Skipped::Refused),
            // Not overdue, or not a claim: nothing to report.
            NotSimulable::Draft | NotSimulable::WrittenOff | NotSimulable::NotYetDue { .. } => None,
        }
    }

    /// A few words, after a count (« 2 contestées »).
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Skipped::Disputed, Lang::Fr) => "contestée(s)",
            (Skipped::Disputed, Lang::En) => "disputed",
            (Skipped::NoPenaltyClause, Lang::Fr) => "sans clause de pénalités",
            (Skipped::NoPenaltyClause, Lang::En) => "with no penalty clause",
            (Skipped::ConsumerClause, Lang::Fr) => {
                "à un particulier avec une clause entre professionnels"
            }
            (Skipped::ConsumerClause, Lang::En) => "to a consumer with a business clause",
            (Skipped::NoFormalNotice, Lang::Fr) => "au taux légal sans mise en demeure enregistrée",
            (Skipped::NoFormalNotice, Lang::En) => "at the legal rate with no formal notice logged",
            (Skipped::InterestFrozen, Lang::Fr) => "gelée(s) par un échéancier",
            (Skipped::InterestFrozen, Lang::En) => "frozen by a payment plan",
            (Skipped::FullyCredited, Lang::Fr) => "annulée(s) par des avoirs",
            (Skipped::FullyCredited, Lang::En) => "cancelled by credit notes",
            (Skipped::Refused, Lang::Fr) => "refusée(s) par le calcul",
            (Skipped::Refused, Lang::En) => "refused by the calculation",
        }
    }
}

/// The late interest and compensation accrued to date in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccruedTotal {
    pub currency: Currency,
    pub interest: Money,
    pub compensation: Money,
    pub total: Money,
    /// Invoices counted.
    pub invoices: usize,
}

/// The late interest and compensation across every overdue invoice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accrued {
    pub totals: Vec<AccruedTotal>,
    /// Overdue invoices not computed, by reason.
    pub skipped: Vec<(Skipped, usize)>,
}

impl Accrued {
    /// Every overdue invoice's figures by the engine as of `as_of`, summed per currency.
    pub fn of(
        ledger: &Ledger,
        overdue: impl IntoIterator<Item = InvoiceId>,
        as_of: NaiveDate,
        tables: &RateTables,
    ) -> Result<Accrued, MoneyError> {
        let mut totals: BTreeMap<Currency, AccruedTotal> = BTreeMap::new();
        let mut skipped: BTreeMap<Skipped, usize> = BTreeMap::new();
        for id in overdue {
            let simulation = match input_of_invoice(ledger, id, as_of) {
                Ok(input) => simulate_totals(&input, tables).map_err(|_| Skipped::Refused),
                Err(reason) => match Skipped::of(&reason) {
                    Some(skip) => Err(skip),
                    None => continue,
                },
            };
            match simulation {
                Ok(simulation) => {
                    let currency = simulation.interest.currency();
                    let zero = Money::zero(currency);
                    let total = totals.entry(currency).or_insert(AccruedTotal {
                        currency,
                        interest: zero,
                        compensation: zero,
                        total: zero,
                        invoices: 0,
                    });
                    total.interest = total.interest.checked_add(simulation.interest)?;
                    total.compensation = total.compensation.checked_add(simulation.compensation)?;
                    total.total = total.interest.checked_add(total.compensation)?;
                    total.invoices += 1;
                }
                Err(skip) => *skipped.entry(skip).or_insert(0) += 1,
            }
        }
        Ok(Accrued {
            totals: totals.into_values().collect(),
            skipped: skipped.into_iter().collect(),
        })
    }

    /// How many overdue invoices were not computed, and why, in one line; `None` when all were.
    pub fn skipped_line(&self, lang: Lang) -> Option<String> {
        let count: usize = self.skipped.iter().map(|(_, count)| count).sum();
        if count == 0 {
            return None;
        }
        let reasons: Vec<String> = self
            .skipped
            .iter()
            .map(|(skip, count)| format!("{count} {}", skip.label(lang)))
            .collect();
        Some(match lang {
            Lang::Fr => format!(
                "{count} facture(s) en retard non calculée(s)\u{a0}: {}.",
                reasons.join(", ")
            ),
            Lang::En => format!(
                "{count} overdue invoice(s) not computed: {}.",
                reasons.join(", ")
            ),
        })
    }
}

/// Everything the dashboard shows, as of one date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figures {
    pub as_of: NaiveDate,
    pub totals: Vec<CurrencyTotal>,
    pub aging: Vec<AgingChart>,
    pub actions: Vec<Action>,
    pub debtors: Vec<TopDebtors>,
    pub forecast: Vec<ForecastChart>,
    pub accrued: Accrued,
}

impl Figures {
    /// The dashboard of `ledger` as of `as_of`, with the user's rate `tables`.
    pub fn compute(
        ledger: &Ledger,
        as_of: NaiveDate,
        tables: &RateTables,
        ladder: &Ladder,
    ) -> Result<Figures, MoneyError> {
        let report = Dashboard::as_of(ledger, &ladder.bounds, &ladder.policy, as_of)?;
        let forecast = CashForecast::as_of(ledger, as_of)?;
        let aging = &report.aging;

        // Counts per currency and bucket, from the lines.
        let mut counts: BTreeMap<Currency, Vec<usize>> = BTreeMap::new();
        for line in &aging.lines {
            let row = counts
                .entry(line.open.currency())
                .or_insert_with(|| vec![0; aging.buckets.len()]);
            if let Some(count) = row.get_mut(line.bucket) {
                *count += 1;
            }
        }
        let mut totals = Vec::new();
        let mut charts = Vec::new();
        for (currency, buckets) in &aging.by_currency {
            let count_of = |index: usize| {
                counts
                    .get(currency)
                    .and_then(|row| row.get(index))
                    .copied()
                    .unwrap_or(0)
            };
            let overdue = Money::checked_sum(*currency, buckets.buckets.iter().skip(1).copied())?;
            totals.push(CurrencyTotal {
                currency: *currency,
                open: buckets.total,
                open_count: (0..aging.buckets.len()).map(count_of).sum(),
                overdue,
                overdue_count: (1..aging.buckets.len()).map(count_of).sum(),
            });
            let max = largest(*currency, buckets.buckets.iter().copied());
            let bars = aging
                .buckets
                .iter()
                .zip(&buckets.buckets)
                .enumerate()
                .map(|(index, (bucket, amount))| AgingBar {
                    bucket: *bucket,
                    amount: *amount,
                    count: count_of(index),
                    per_mille: per_mille(*amount, max),
                    href: bucket_href(*bucket, as_of),
                })
                .collect();
            charts.push(AgingChart {
                currency: *currency,
                bars,
            });
        }

        let overdue_invoices = aging
            .lines
            .iter()
            .filter(|line| line.days_past_due > 0)
            .map(|line| line.invoice);
        let accrued = Accrued::of(ledger, overdue_invoices, as_of, tables)?;

        Ok(Figures {
            as_of,
            totals,
            aging: charts,
            actions: actions(ledger, &report),
            debtors: top_debtors(ledger, &report),
            forecast: forecast_charts(&forecast),
            accrued,
        })
    }
}

fn largest(currency: Currency, amounts: impl Iterator<Item = Money>) -> Money {
    amounts.filter(|amount| amount.currency() == currency).fold(
        Money::zero(currency),
        |max, amount| {
            if amount.amount() > max.amount() {
                amount
            } else {
                max
            }
        },
    )
}

fn client_name(ledger: &Ledger, client: ClientId) -> String {
    ledger
        .client(client)
        .map(|client| client.name().to_string())
        .unwrap_or_default()
}

/// Today's actions, one per client and step, oldest first.
fn actions(ledger: &Ledger, report: &Dashboard) -> Vec<Action> {
    // A step's kind names its channel too (each kind appears once in a policy).
    let mut grouped: BTreeMap<(ClientId, StepKind), Action> = BTreeMap::new();
    for line in report.dunning.due_today() {
        let Some(next) = line.next else { continue };
        let key = (line.client, next.step.kind);
        let action = grouped.entry(key).or_insert_with(|| Action {
            client: line.client,
            client_name: client_name(ledger, line.client),
            step: next.step,
            due_since: next.date,
            invoices: Vec::new(),
            open: Vec::new(),
        });
        action.due_since = action.due_since.min(next.date);
        action.invoices.push(InvoiceRef {
            id: line.invoice,
            number: ledger
                .invoice(line.invoice)
                .map(|invoice| invoice.number().to_string())
                .unwrap_or_default(),
            href: Route::Invoices(RecordView::Show(line.invoice.raw())).href(),
        });
        match action
            .open
            .iter_mut()
            .find(|open| open.currency() == line.open.currency())
        {
            Some(open) => *open = open.checked_add(line.open).unwrap_or(*open),
            None => action.open.push(line.open),
        }
    }
    let mut actions: Vec<Action> = grouped.into_values().collect();
    actions.sort_by(|left, right| {
        (left.due_since, &left.client_name, left.step.offset_days).cmp(&(
            right.due_since,
            &right.client_name,
            right.step.offset_days,
        ))
    });
    for action in &mut actions {
        action.open.sort_by_key(|open| open.currency());
    }
    actions
}

/// Per currency, the clients with the most overdue, then the most open, at most five.
fn top_debtors(ledger: &Ledger, report: &Dashboard) -> Vec<TopDebtors> {
    let mut by_currency: BTreeMap<Currency, Vec<Debtor>> = BTreeMap::new();
    for statistics in report.statistics.values() {
        for (currency, open) in &statistics.open {
            if !open.is_positive() {
                continue;
            }
            let overdue = statistics
                .open_overdue
                .get(currency)
                .copied()
                .unwrap_or(Money::zero(*currency));
            by_currency.entry(*currency).or_default().push(Debtor {
                client: statistics.client,
                name: client_name(ledger, statistics.client),
                href: Route::Clients(RecordView::Show(statistics.client.raw())).href(),
                overdue,
                open: *open,
                grade: statistics.grade,
                reason: statistics.reason,
            });
        }
    }
    by_currency
        .into_iter()
        .map(|(currency, mut debtors)| {
            debtors.sort_by(|left, right| {
                (right.overdue.amount(), right.open.amount(), &left.name).cmp(&(
                    left.overdue.amount(),
                    left.open.amount(),
                    &right.name,
                ))
            });
            debtors.truncate(TOP_DEBTORS);
            TopDebtors { currency, debtors }
        })
        .collect()
}

fn forecast_charts(forecast: &CashForecast) -> Vec<ForecastChart> {
    let mut currencies: Vec<Currency> = forecast
        .overdue_now
        .keys()
        .chain(forecast.later.keys())
        .chain(forecast.disputed.keys())
        .chain(forecast.weeks.iter().flat_map(|week| week.expected.keys()))
        .copied()
        .collect();
    currencies.sort_unstable();
    currencies.dedup();
    currencies
        .into_iter()
        .map(|currency| {
            let zero = Money::zero(currency);
            let amount_in =
                |line: &BTreeMap<Currency, Money>| line.get(&currency).copied().unwrap_or(zero);
            let amounts: Vec<(NaiveDate, Money)> = forecast
                .weeks
                .iter()
                .map(|week| (week.start, amount_in(&week.expected)))
                .collect();
            let max = largest(currency, amounts.iter().map(|(_, amount)| *amount));
            ForecastChart {
                currency,
                weeks: amounts
                    .into_iter()
                    .map(|(start, amount)| WeekColumn {
                        start,
                        amount,
                        per_mille: per_mille(amount, max),
                    })
                    .collect(),
                overdue_now: amount_in(&forecast.overdue_now),
                later: amount_in(&forecast.later),
                disputed: amount_in(&forecast.disputed),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::add_days;
    use crate::domain::calendar::test_support::date;
    use crate::domain::demo::add_demo;
    use rust_decimal_macros::dec;

    fn demo(today: NaiveDate) -> Ledger {
        let mut ledger = Ledger::new();
        let added = add_demo(&mut ledger, today);
        assert!(added.is_ok(), "{added:?}");
        ledger
    }

    fn figures(ledger: &Ledger, as_of: NaiveDate) -> Figures {
        let figures = Figures::compute(ledger, as_of, &RateTables::builtin(), &Ladder::default());
        let Ok(figures) = figures else {
            panic!("{figures:?}")
        };
        figures
    }

    #[test]
    fn per_mille_is_exact_and_bounded() {
        let eur = |amount| Money::new(amount, Currency::Eur);
        assert_eq!(per_mille(eur(dec!(50)), eur(dec!(200))), 250);
        assert_eq!(per_mille(eur(dec!(1)), eur(dec!(3))), 333);
        assert_eq!(per_mille(eur(dec!(2)), eur(dec!(3))), 666);
        assert_eq!(per_mille(eur(dec!(200)), eur(dec!(200))), 1000);
        assert_eq!(per_mille(eur(dec!(0)), eur(dec!(200))), 0);
        assert_eq!(per_mille(eur(dec!(5)), eur(dec!(0))), 0);
        assert_eq!(per_mille(eur(dec!(-5)), eur(dec!(10))), 0);
    }

    #[test]
    fn the_as_of_date_comes_from_the_link_or_is_today() {
        let today = date("2026-11-23");
        assert_eq!(as_of_of_query(&Query::EMPTY, today), (today, None));
        assert_eq!(
            as_of_of_query(&Query::parse("as_of=2026-12-31"), today),
            (date("2026-12-31"), None)
        );
        assert_eq!(
            as_of_of_query(&Query::parse("as_of=2026-02-30"), today),
            (today, Some(AsOfError::NotADate("2026-02-30".into())))
        );
        assert_eq!(parse_as_of(" "), Err(AsOfError::Missing));
        assert_eq!(
            dashboard_route(date("2026-12-31")).href(),
            "#/?as_of=2026-12-31"
        );
        assert!(
            AsOfError::Missing
                .describe(Lang::Fr)
                .contains("dernière date valable")
        );
    }

    #[test]
    fn bucket_links_use_the_invoices_list_format() {
        let as_of = date("2026-11-23");
        let bounds = AgingBounds::default().buckets();
        let links: Vec<String> = bounds
            .iter()
            .map(|bucket| bucket_href(*bucket, as_of))
            .collect();
        assert_eq!(
            links,
            [
                "#/invoices?bucket=not-yet-due&as_of=2026-11-23",
                "#/invoices?bucket=1-30&as_of=2026-11-23",
                "#/invoices?bucket=31-60&as_of=2026-11-23",
                "#/invoices?bucket=61-90&as_of=2026-11-23",
                "#/invoices?bucket=over-90&as_of=2026-11-23",
            ]
        );
    }

    #[test]
    fn totals_and_bars_add_up_to_the_aging_report_in_each_currency() {
        let today = date("2026-11-23");
        let ledger = demo(today);
        let figures = figures(&ledger, today);
        let currencies: Vec<Currency> = figures.totals.iter().map(|t| t.currency).collect();
        assert_eq!(currencies, [Currency::Eur, Currency::Gbp]);
        for (total, chart) in figures.totals.iter().zip(&figures.aging) {
            assert_eq!(total.currency, chart.currency);
            let sum = Money::checked_sum(total.currency, chart.bars.iter().map(|bar| bar.amount));
            assert_eq!(sum, Ok(total.open));
            let overdue =
                Money::checked_sum(total.currency, chart.bars.iter().skip(1).map(|b| b.amount));
            assert_eq!(overdue, Ok(total.overdue));
            assert_eq!(
                chart.bars.iter().map(|bar| bar.count).sum::<usize>(),
                total.open_count
            );
            assert!(total.overdue.is_positive(), "{total:?}");
            // The largest bar is full width; every other one is narrower.
            assert_eq!(chart.bars.iter().map(|bar| bar.per_mille).max(), Some(1000));
        }
        // The forecast's lines add up to the same open receivables.
        for (total, chart) in figures.totals.iter().zip(&figures.forecast) {
            let lines = chart.weeks.iter().map(|week| week.amount).chain([
                chart.overdue_now,
                chart.later,
                chart.disputed,
            ]);
            assert_eq!(Money::checked_sum(total.currency, lines), Ok(total.open));
        }
    }

    #[test]
    fn a_later_date_moves_receivables_into_older_buckets() {
        let today = date("2026-11-23");
        let ledger = demo(today);
        let now = figures(&ledger, today);
        let later = figures(&ledger, add_days(today, 60).unwrap_or(today));
        let eur_bars = |figures: &Figures| -> Vec<Money> {
            figures
                .aging
                .iter()
                .find(|chart| chart.currency == Currency::Eur)
                .map(|chart| chart.bars.iter().map(|bar| bar.amount).collect())
                .unwrap_or_default()
        };
        assert_ne!(eur_bars(&now), eur_bars(&later));
        let not_yet_due = |figures: &Figures| eur_bars(figures).first().copied();
        assert!(
            not_yet_due(&later).map(Money::amount) < not_yet_due(&now).map(Money::amount),
            "{:?} then {:?}",
            not_yet_due(&now),
            not_yet_due(&later)
        );
    }

    #[test]
    fn actions_group_invoices_by_client_and_step_and_marking_done_removes_them() {
        let today = date("2026-11-23");
        let mut ledger = demo(today);
        let before = figures(&ledger, today);
        assert!(!before.actions.is_empty());
        let due_invoices: usize = before.actions.iter().map(|a| a.invoices.len()).sum();
        let report = Dashboard::as_of(
            &ledger,
            &AgingBounds::default(),
            &DunningPolicy::default(),
            today,
        );
        assert_eq!(
            report.map(|report| report.dunning.due_today().len()),
            Ok(due_invoices)
        );
        let Some(first) = before.actions.first().cloned() else {
            return;
        };
        assert!(!first.client_name.is_empty());
        assert!(
            first
                .invoices
                .iter()
                .all(|invoice| !invoice.number.is_empty())
        );
        let entry = first.done_entry(today, Lang::Fr);
        let Ok(entry) = entry else {
            panic!("{entry:?}")
        };
        assert_eq!(entry.step(), Some(first.step.kind));
        assert_eq!(entry.channel(), first.step.channel);
        assert!(
            entry
                .summary()
                .starts_with(&capitalised(&first.step.kind.describe(Lang::Fr)))
        );
        assert!(ledger.log_contact(entry).is_ok());
        let after = figures(&ledger, today);
        assert!(
            !after
                .actions
                .iter()
                .any(|action| action.client == first.client && action.step.kind == first.step.kind),
            "{:?}",
            after.actions
        );
    }

    #[test]
    fn top_debtors_are_ordered_by_overdue_then_open_with_their_grade() {
        let today = date("2026-11-23");
        let ledger = demo(today);
        let figures = figures(&ledger, today);
        assert!(!figures.debtors.is_empty());
        for top in &figures.debtors {
            assert!(top.debtors.len() <= TOP_DEBTORS);
            for pair in top.debtors.windows(2) {
                let (Some(first), Some(second)) = (pair.first(), pair.get(1)) else {
                    continue;
                };
                assert!(
                    (first.overdue.amount(), first.open.amount())
                        >= (second.overdue.amount(), second.open.amount())
                );
            }
            for debtor in &top.debtors {
                assert_eq!(debtor.currency_of(), top.currency);
                assert_eq!(debtor.reason.grade(), debtor.grade);
            }
        }
    }

    impl Debtor {
        fn currency_of(&self) -> Currency {
            self.open.currency()
        }
    }

    #[test]
    fn accrued_interest_is_the_engines_sum_and_skips_are_explained() {
        let today = date("2026-11-23");
        let ledger = demo(today);
        let figures = figures(&ledger, today);
        // The sum of each overdue invoice simulated alone.
        let report = Dashboard::as_of(
            &ledger,
            &AgingBounds::default(),
            &DunningPolicy::default(),
            today,
        );
        let Ok(report) = report else { panic!() };
        let mut expected: BTreeMap<Currency, Money> = BTreeMap::new();
        for line in report.aging.lines.iter().filter(|l| l.days_past_due > 0) {
            if let Ok(input) = input_of_invoice(&ledger, line.invoice, today)
                && let Ok(simulation) =
                    crate::domain::interest::simulate(&input, &RateTables::builtin())
            {
                let currency = simulation.total.currency();
                let sum = expected.entry(currency).or_insert(Money::zero(currency));
                *sum = sum.checked_add(simulation.total).unwrap_or(*sum);
            }
        }
        let got: BTreeMap<Currency, Money> = figures
            .accrued
            .totals
            .iter()
            .map(|total| (total.currency, total.total))
            .collect();
        assert_eq!(got, expected);
        assert!(!got.is_empty());
        // The demo holds a disputed overdue invoice: it is named as not computed.
        let line = figures.accrued.skipped_line(Lang::En);
        assert!(
            line.as_deref()
                .is_some_and(|line| line.contains("disputed") && line.contains("not computed")),
            "{line:?}"
        );
    }

    #[test]
    fn capitalised_keeps_accents() {
        assert_eq!(capitalised("échéance"), "Échéance");
        assert_eq!(capitalised(""), "");
    }
}
