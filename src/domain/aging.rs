//! Receivables aging as of any date: open balances by bucket of days past due, per invoice,
//! per client and currency, and in total per currency. The buckets of a line add up to its
//! open balance exactly (no rounding happens: amounts are only added).
//!
//! "Days past due" on date D for due date E is D − E: the due date itself is day 0, not yet
//! due. With bounds [30, 60, 90] the buckets are: not yet due (≤ 0), 1–30, 31–60, 61–90,
//! over 90. Drafts are not receivables; written-off invoices are reported on their own line;
//! disputed invoices are aged and also totalled apart.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::calendar::days_from;
use super::ids::{ClientId, InvoiceId};
use super::invoice::InvoiceStatus;
use super::ledger::{InvoiceBalance, InvoiceEntry, Ledger, add_to, entry_amounts};
use super::money::{Currency, Money, MoneyError};
use crate::i18n::{Describe, Lang};

/// The most bounds accepted.
pub const MAX_BOUNDS: usize = 10;

/// The upper bounds, in days past due, of the overdue buckets but the last.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AgingBounds {
    bounds: Vec<u32>,
}

impl Default for AgingBounds {
    /// [30, 60, 90]: 1–30, 31–60, 61–90, over 90.
    fn default() -> AgingBounds {
        AgingBounds {
            bounds: vec![30, 60, 90],
        }
    }
}

/// Why aging bounds were refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgingBoundsError {
    NotPositive,
    NotAscending { bound: u32, previous: u32 },
    TooMany { count: usize },
}

impl Describe for AgingBoundsError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (AgingBoundsError::NotPositive, Lang::Fr) => {
                "Les bornes des tranches d'antériorité doivent être d'au moins 1 jour.".to_string()
            }
            (AgingBoundsError::NotPositive, Lang::En) => {
                "Aging bucket bounds must be at least 1 day.".to_string()
            }
            (AgingBoundsError::NotAscending { bound, previous }, Lang::Fr) => {
                format!("Les bornes doivent croître : {bound} jours vient après {previous} jours.")
            }
            (AgingBoundsError::NotAscending { bound, previous }, Lang::En) => {
                format!("Bounds must increase: {bound} days comes after {previous} days.")
            }
            (AgingBoundsError::TooMany { count }, Lang::Fr) => {
                format!("{count} bornes, c'est trop : {MAX_BOUNDS} au plus.")
            }
            (AgingBoundsError::TooMany { count }, Lang::En) => {
                format!("{count} bounds is too many: at most {MAX_BOUNDS}.")
            }
        }
    }
}

/// One bucket, for headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bucket {
    /// Days past due ≤ 0.
    NotYetDue,
    /// `from..=to` days past due.
    Range { from: u32, to: u32 },
    /// More than `after` days past due (or, with no bounds, any overdue).
    Over { after: u32 },
}

impl AgingBounds {
    /// Positive, strictly ascending bounds; may be empty (then: not yet due / overdue).
    pub fn new(bounds: Vec<u32>) -> Result<AgingBounds, AgingBoundsError> {
        if bounds.len() > MAX_BOUNDS {
            return Err(AgingBoundsError::TooMany {
                count: bounds.len(),
            });
        }
        let mut previous = 0;
        for &bound in &bounds {
            if bound == 0 {
                return Err(AgingBoundsError::NotPositive);
            }
            if bound <= previous {
                return Err(AgingBoundsError::NotAscending { bound, previous });
            }
            previous = bound;
        }
        Ok(AgingBounds { bounds })
    }

    pub fn bounds(&self) -> &[u32] {
        &self.bounds
    }

    /// The buckets in order: not yet due, the ranges, over the last bound.
    pub fn buckets(&self) -> Vec<Bucket> {
        let mut buckets = vec![Bucket::NotYetDue];
        let mut from = 1;
        for &to in &self.bounds {
            buckets.push(Bucket::Range { from, to });
            from = to.saturating_add(1);
        }
        buckets.push(Bucket::Over {
            after: self.bounds.last().copied().unwrap_or(0),
        });
        buckets
    }

    /// The index in [`buckets`](Self::buckets) of `days_past_due`.
    pub fn bucket_index(&self, days_past_due: i64) -> usize {
        if days_past_due <= 0 {
            return 0;
        }
        1 + self
            .bounds
            .iter()
            .take_while(|&&bound| i64::from(bound) < days_past_due)
            .count()
    }

    fn len(&self) -> usize {
        self.bounds.len() + 2
    }
}

/// Open amounts per bucket, and their total, in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BucketTotals {
    pub buckets: Vec<Money>,
    pub total: Money,
}

impl BucketTotals {
    fn new(currency: Currency, count: usize) -> BucketTotals {
        BucketTotals {
            buckets: vec![Money::zero(currency); count],
            total: Money::zero(currency),
        }
    }

    fn add(&mut self, bucket: usize, amount: Money) -> Result<(), MoneyError> {
        if let Some(line) = self.buckets.get_mut(bucket) {
            *line = line.checked_add(amount)?;
        }
        self.total = self.total.checked_add(amount)?;
        Ok(())
    }
}

/// One owed invoice with an open balance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgingLine {
    pub invoice: InvoiceId,
    pub client: ClientId,
    pub due_date: NaiveDate,
    pub days_past_due: i64,
    /// Index into [`AgingReport::buckets`].
    pub bucket: usize,
    pub open: Money,
    pub disputed: bool,
}

/// The aging of receivables as of a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgingReport {
    pub as_of: NaiveDate,
    pub buckets: Vec<Bucket>,
    /// By invoice id.
    pub lines: Vec<AgingLine>,
    pub by_currency: BTreeMap<Currency, BucketTotals>,
    pub by_client: BTreeMap<ClientId, BTreeMap<Currency, BucketTotals>>,
    /// Open balances of disputed invoices (already included in the buckets).
    pub disputed: BTreeMap<Currency, Money>,
    /// Open balances of written-off invoices (not in the buckets).
    pub written_off: BTreeMap<Currency, Money>,
    /// Overpayments: credits owed back to clients (not in the buckets).
    pub credits: BTreeMap<ClientId, BTreeMap<Currency, Money>>,
}

impl AgingReport {
    pub fn as_of(
        ledger: &Ledger,
        bounds: &AgingBounds,
        as_of: NaiveDate,
    ) -> Result<AgingReport, MoneyError> {
        let mut report = AgingReport::empty(bounds, as_of);
        for entry in ledger.entries() {
            if entry.status() == InvoiceStatus::Draft {
                continue;
            }
            let balance = entry_amounts(entry, as_of)?;
            report.add_entry(entry, &balance, bounds)?;
        }
        Ok(report)
    }

    pub(crate) fn empty(bounds: &AgingBounds, as_of: NaiveDate) -> AgingReport {
        AgingReport {
            as_of,
            buckets: bounds.buckets(),
            lines: Vec::new(),
            by_currency: BTreeMap::new(),
            by_client: BTreeMap::new(),
            disputed: BTreeMap::new(),
            written_off: BTreeMap::new(),
            credits: BTreeMap::new(),
        }
    }

    /// Adds one invoice, in invoice id order, given its balance as of the report's date.
    pub(crate) fn add_entry(
        &mut self,
        entry: &InvoiceEntry,
        balance: &InvoiceBalance,
        bounds: &AgingBounds,
    ) -> Result<(), MoneyError> {
        let invoice = entry;
        let status = invoice.status();
        if status == InvoiceStatus::Draft {
            return Ok(());
        }
        if balance.overpaid.is_positive() {
            add_to(
                self.credits.entry(invoice.client()).or_default(),
                balance.overpaid,
            )?;
        }
        if !balance.open.is_positive() {
            return Ok(());
        }
        if status == InvoiceStatus::WrittenOff {
            return add_to(&mut self.written_off, balance.open);
        }
        let count = bounds.len();
        let days_past_due = days_from(invoice.due_date(), self.as_of);
        let bucket = bounds.bucket_index(days_past_due);
        let currency = balance.open.currency();
        self.by_currency
            .entry(currency)
            .or_insert_with(|| BucketTotals::new(currency, count))
            .add(bucket, balance.open)?;
        self.by_client
            .entry(invoice.client())
            .or_default()
            .entry(currency)
            .or_insert_with(|| BucketTotals::new(currency, count))
            .add(bucket, balance.open)?;
        let disputed = status == InvoiceStatus::Disputed;
        if disputed {
            add_to(&mut self.disputed, balance.open)?;
        }
        self.lines.push(AgingLine {
            invoice: invoice.id(),
            client: invoice.client(),
            due_date: invoice.due_date(),
            days_past_due,
            bucket,
            open: balance.open,
            disputed,
        });
        Ok(())
    }

    /// The bucket an invoice falls in, `None` when it is not an open receivable.
    pub fn bucket_of(&self, invoice: InvoiceId) -> Option<Bucket> {
        self.line(invoice)
            .and_then(|line| self.buckets.get(line.bucket))
            .copied()
    }

    pub fn line(&self, invoice: InvoiceId) -> Option<&AgingLine> {
        self.lines
            .binary_search_by_key(&invoice, |line| line.invoice)
            .ok()
            .and_then(|index| self.lines.get(index))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::client::ClientDetails;
    use crate::domain::invoice::{InvoiceAmount, InvoiceDetails, PenaltyClause};
    use crate::domain::party::{ClientKind, Country};
    use crate::domain::payment::{
        AdjustmentDetails, AdjustmentKind, PaymentDetails, PaymentMethod,
    };
    use crate::domain::terms::PaymentTerms;
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    pub(crate) struct Builder {
        pub ledger: Ledger,
        pub client: ClientId,
        next_number: u32,
    }

    impl Builder {
        pub fn new() -> Builder {
            let mut ledger = Ledger::new();
            let client = ClientDetails::new("Dupont", Country::FR, ClientKind::Business)
                .map_err(|error| format!("{error:?}"))
                .and_then(|details| {
                    ledger
                        .add_client(details)
                        .map_err(|error| format!("{error:?}"))
                });
            let Ok(client) = client else {
                panic!("{client:?}")
            };
            Builder {
                ledger,
                client,
                next_number: 1,
            }
        }

        pub fn invoice(&mut self, due: &str, amount: Decimal, currency: Currency) -> InvoiceId {
            let number = format!("F-{}", self.next_number);
            self.next_number += 1;
            let details = InvoiceAmount::from_net(Money::new(amount, currency), dec!(0))
                .map_err(|error| format!("{error:?}"))
                .and_then(|amount| {
                    InvoiceDetails::new(
                        &number,
                        self.client,
                        date("2025-01-01"),
                        amount,
                        PaymentTerms::default(),
                        Some(date(due)),
                        PenaltyClause::FrB2b,
                    )
                    .map_err(|error| format!("{error:?}"))
                });
            let id = details.and_then(|details| {
                self.ledger
                    .add_invoice(details, InvoiceStatus::Sent)
                    .map_err(|error| format!("{error:?}"))
            });
            match id {
                Ok(id) => id,
                Err(error) => panic!("{error}"),
            }
        }

        pub fn pay(&mut self, invoice: InvoiceId, day: &str, amount: Decimal, currency: Currency) {
            let result = PaymentDetails::new(
                invoice,
                date(day),
                Money::new(amount, currency),
                PaymentMethod::BankTransfer,
                "",
            )
            .map_err(|error| format!("{error:?}"))
            .and_then(|details| {
                self.ledger
                    .record_payment(details)
                    .map_err(|error| format!("{error:?}"))
            });
            assert!(result.is_ok(), "{result:?}");
        }

        pub fn credit(
            &mut self,
            invoice: InvoiceId,
            day: &str,
            amount: Decimal,
            currency: Currency,
        ) {
            let result = AdjustmentDetails::new(
                invoice,
                AdjustmentKind::CreditNote,
                date(day),
                Money::new(amount, currency),
                "",
            )
            .map_err(|error| format!("{error:?}"))
            .and_then(|details| {
                self.ledger
                    .add_adjustment(details)
                    .map_err(|error| format!("{error:?}"))
            });
            assert!(result.is_ok(), "{result:?}");
        }
    }

    #[track_caller]
    fn check(due: &str, paid: Option<&str>, as_of: &str, expected: Option<Bucket>) {
        let mut builder = Builder::new();
        let invoice = builder.invoice(due, dec!(100), Currency::Eur);
        if let Some(day) = paid {
            builder.pay(invoice, day, dec!(100), Currency::Eur);
        }
        let report = AgingReport::as_of(&builder.ledger, &AgingBounds::default(), date(as_of));
        assert_eq!(
            report.map(|report| report.bucket_of(invoice)),
            Ok(expected),
            "due {due}, as of {as_of}"
        );
    }

    #[test]
    fn buckets_by_days_past_due_at_every_boundary() {
        let range = |from, to| Some(Bucket::Range { from, to });
        check("2026-01-31", None, "2026-01-01", Some(Bucket::NotYetDue));
        check("2026-01-31", None, "2026-01-31", Some(Bucket::NotYetDue)); // day 0
        check("2026-01-31", None, "2026-02-01", range(1, 30)); // day 1
        check("2026-01-31", None, "2026-03-02", range(1, 30)); // day 30
        check("2026-01-31", None, "2026-03-03", range(31, 60)); // day 31
        check("2026-01-31", None, "2026-04-01", range(31, 60)); // day 60
        check("2026-01-31", None, "2026-04-02", range(61, 90)); // day 61
        check("2026-01-31", None, "2026-05-01", range(61, 90)); // day 90
        check(
            "2026-01-31",
            None,
            "2026-05-02",
            Some(Bucket::Over { after: 90 }),
        ); // day 91
        check("2026-01-31", Some("2026-02-10"), "2026-06-01", None); // settled
        check("2026-01-31", Some("2026-02-10"), "2026-02-09", range(1, 30)); // paid later
    }

    #[test]
    fn custom_bounds_are_validated_and_used() {
        assert_eq!(
            AgingBounds::new(vec![0, 10]),
            Err(AgingBoundsError::NotPositive)
        );
        assert_eq!(
            AgingBounds::new(vec![30, 30]),
            Err(AgingBoundsError::NotAscending {
                bound: 30,
                previous: 30
            })
        );
        let bounds = AgingBounds::new(vec![15, 45]);
        let Ok(bounds) = bounds else {
            panic!("{bounds:?}")
        };
        assert_eq!(
            bounds.buckets(),
            vec![
                Bucket::NotYetDue,
                Bucket::Range { from: 1, to: 15 },
                Bucket::Range { from: 16, to: 45 },
                Bucket::Over { after: 45 }
            ]
        );
        assert_eq!(bounds.bucket_index(15), 1);
        assert_eq!(bounds.bucket_index(16), 2);
        assert_eq!(bounds.bucket_index(46), 3);
        let none = AgingBounds::new(vec![]);
        assert!(
            none.is_ok_and(|bounds| bounds.bucket_index(1) == 1 && bounds.buckets().len() == 2)
        );
    }

    #[test]
    fn totals_go_by_client_and_currency_and_report_credits_and_write_offs() {
        let mut builder = Builder::new();
        let a = builder.invoice("2026-01-31", dec!(100), Currency::Eur);
        let b = builder.invoice("2026-03-31", dec!(250.50), Currency::Eur);
        let c = builder.invoice("2026-01-31", dec!(80), Currency::Gbp);
        let d = builder.invoice("2026-01-31", dec!(40), Currency::Eur);
        let e = builder.invoice("2026-01-31", dec!(70), Currency::Eur);
        builder.pay(a, "2026-02-05", dec!(30), Currency::Eur);
        builder.credit(a, "2026-02-06", dec!(20), Currency::Eur);
        builder.pay(d, "2026-02-05", dec!(55), Currency::Eur); // 15 overpaid
        assert!(
            builder
                .ledger
                .set_status(e, InvoiceStatus::WrittenOff)
                .is_ok()
        );
        let report =
            AgingReport::as_of(&builder.ledger, &AgingBounds::default(), date("2026-03-15"));
        let Ok(report) = report else {
            panic!("{report:?}")
        };
        let eur = |amount| Money::new(amount, Currency::Eur);
        let euros = report.by_currency.get(&Currency::Eur);
        assert_eq!(
            euros.map(|totals| totals.buckets.clone()),
            Some(vec![
                eur(dec!(250.50)),
                eur(dec!(0)),
                eur(dec!(50)),
                eur(dec!(0)),
                eur(dec!(0))
            ])
        );
        assert_eq!(euros.map(|totals| totals.total), Some(eur(dec!(300.50))));
        assert_eq!(
            report
                .by_currency
                .get(&Currency::Gbp)
                .map(|totals| totals.total),
            Some(Money::new(dec!(80), Currency::Gbp))
        );
        assert_eq!(report.written_off.get(&Currency::Eur), Some(&eur(dec!(70))));
        assert_eq!(
            report
                .credits
                .get(&builder.client)
                .and_then(|credits| credits.get(&Currency::Eur)),
            Some(&eur(dec!(15)))
        );
        assert_eq!(report.line(b).map(|line| line.days_past_due), Some(-16));
        assert_eq!(report.line(c).map(|line| line.bucket), Some(2));
        assert_eq!(report.line(d), None);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn day(offset: u16) -> String {
            crate::domain::calendar::add_days(date("2025-06-01"), i64::from(offset))
                .map(|day| day.to_string())
                .unwrap_or_default()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]
            #[test]
            fn bucket_totals_equal_the_open_balance_and_money_never_disappears(
                invoices in proptest::collection::vec(
                    (0u16..400, 1i64..100_000_000_000_000_000, proptest::collection::vec((0u16..400, 1i64..100_000_000_000_000_000), 0..4), any::<bool>()),
                    1..12,
                ),
                as_of in 0u16..500,
            ) {
                let mut builder = Builder::new();
                let mut ids = Vec::new();
                for (due, cents, payments, gbp) in &invoices {
                    let currency = if *gbp { Currency::Gbp } else { Currency::Eur };
                    let id = builder.invoice(&day(*due), Decimal::new(*cents, 2), currency);
                    for (paid_on, paid_cents) in payments {
                        builder.pay(id, &day(*paid_on), Decimal::new(*paid_cents, 2), currency);
                    }
                    ids.push(id);
                }
                let as_of = date(&day(as_of));
                let report = AgingReport::as_of(&builder.ledger, &AgingBounds::default(), as_of);
                prop_assert!(report.is_ok());
                let Ok(report) = report else { return Ok(()) };
                for (currency, totals) in &report.by_currency {
                    prop_assert_eq!(Money::checked_sum(*currency, totals.buckets.iter().copied()), Ok(totals.total));
                    let open = Money::checked_sum(*currency, report.lines.iter().map(|line| line.open).filter(|open| open.currency() == *currency));
                    prop_assert_eq!(open, Ok(totals.total));
                }
                // Invoiced = open + paid + credited − overpaid, per invoice, exactly.
                for id in ids {
                    let balance = builder.ledger.balance(id, as_of);
                    prop_assert!(balance.is_ok());
                    prop_assert_eq!(balance.clone().ok(), builder.ledger.balance_by_scanning(id, as_of));
                    let Ok(balance) = balance else { return Ok(()) };
                    let accounted = balance.open.checked_add(balance.paid)
                        .and_then(|sum| sum.checked_add(balance.credited))
                        .and_then(|sum| sum.checked_sub(balance.overpaid));
                    prop_assert_eq!(accounted, Ok(balance.gross));
                }
            }
        }
    }
}
