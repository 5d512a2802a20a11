//! The late interest of one invoice of the books, as of a date: the [`SimulationInput`] the
//! engine is given for it ([`input_of_invoice`]), or the reason there is none
//! ([`NotSimulable`]), never a made-up figure.
//!
//! What the input holds:
//! - **the regime**: the invoice's own late-penalty clause (its regime id, and its rate and
//!   compensation for `fr-b2b-contract` and `fixed`). The invoice form proposes the clause from
//!   the client's country and kind ([`default_clause_for`](crate::domain::default_clause_for));
//!   here the client's kind is a check: a clause for business debtors on an invoice to a
//!   consumer is refused with its reason, since the 40 € compensation and the commercial rates
//!   are not owed by a consumer. `fr-legal` uses the category "all other cases": the category
//!   follows the creditor, and the user bills as a professional;
//! - **the principal**: the amount owed, tax included, **less the credit notes and
//!   adjustments** dated on or before `as_of`. Decision: a credit note cancels part of the
//!   invoice, so that part was never owed: reducing the principal from the first day of
//!   interest never over-claims (treating it as a payment on its own date would claim interest
//!   on an amount the creditor cancelled), which matters in a letter to a debtor;
//! - **the payments** dated on or before `as_of`, each with its date (a payment after `as_of`
//!   is not yet received);
//! - **the end date**: `as_of` (the last day bearing interest);
//! - **the options**: the method's defaults ([`InterestOptions::default`]), except for
//!   `fr-legal`, whose interest runs from the formal notice (art. 1231-6 Code civil): the first
//!   day of interest is then the day after the first formal notice (or final notice) logged for
//!   the invoice on or before `as_of`, and without one there is nothing to compute.
//!
//! Why there may be no input: a draft is not a claim; a disputed or written-off invoice is not
//! pursued; an invoice with no penalty clause states none; an invoice not yet past its due date
//! owes nothing yet; one cancelled in full by credit notes owes nothing; a payment plan that
//! freezes interest makes a gap the method cannot express (interest stops, then may run again).

use chrono::NaiveDate;

use super::engine::SimulationInput;
use super::options::InterestOptions;
use super::rate::Rate;
use super::regime::{FrLegalCategory, Regime, RegimeId};
use crate::domain::calendar::add_days;
use crate::domain::contact::StepKind;
use crate::domain::ids::InvoiceId;
use crate::domain::invoice::{InvoiceStatus, PenaltyClause};
use crate::domain::ledger::Ledger;
use crate::domain::money::{Money, MoneyError};
use crate::domain::party::ClientKind;
use crate::format;
use crate::i18n::{Describe, Lang};

/// Why an invoice's late interest is not computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotSimulable {
    /// No such invoice in the books.
    UnknownInvoice,
    /// A draft is not sent: nothing is claimed.
    Draft,
    /// The client contests the invoice: it is not pursued until the dispute is settled.
    Disputed,
    /// Given up: not pursued.
    WrittenOff,
    /// The invoice states no late-payment penalty.
    NoPenaltyClause,
    /// `as_of` is on or before the due date.
    NotYetDue { due_date: NaiveDate },
    /// A clause for business debtors on an invoice to a consumer.
    BusinessClauseForConsumer { regime: RegimeId },
    /// Credit notes cancel the whole invoice.
    FullyCredited,
    /// French legal interest runs from the formal notice, and none is logged.
    NoFormalNotice,
    /// A payment plan freezes late interest from `from` (until `until`, excluded, if it ended).
    InterestFrozen {
        from: NaiveDate,
        until: Option<NaiveDate>,
    },
    /// The sums of the invoice do not fit the arithmetic (never with amounts the books accept).
    Overflow,
}

impl From<MoneyError> for NotSimulable {
    fn from(_: MoneyError) -> NotSimulable {
        NotSimulable::Overflow
    }
}

impl Describe for NotSimulable {
    fn describe(&self, lang: Lang) -> String {
        use NotSimulable::*;
        match (self, lang) {
            (UnknownInvoice, Lang::Fr) => "Cette facture n'existe pas.".to_string(),
            (UnknownInvoice, Lang::En) => "This invoice does not exist.".to_string(),
            (Draft, Lang::Fr) => {
                "C'est un brouillon : aucune pénalité tant que la facture n'est pas envoyée."
                    .to_string()
            }
            (Draft, Lang::En) => {
                "This is a draft: no interest until the invoice is sent.".to_string()
            }
            (Disputed, Lang::Fr) => {
                "La facture est contestée : les pénalités ne sont pas calculées tant que le litige n'est pas réglé."
                    .to_string()
            }
            (Disputed, Lang::En) => {
                "The invoice is disputed: interest is not computed until the dispute is settled."
                    .to_string()
            }
            (WrittenOff, Lang::Fr) => {
                "La facture est passée en perte : rien n'est réclamé.".to_string()
            }
            (WrittenOff, Lang::En) => {
                "The invoice is written off: nothing is claimed.".to_string()
            }
            (NoPenaltyClause, Lang::Fr) => {
                "La facture ne prévoit pas de pénalités de retard.".to_string()
            }
            (NoPenaltyClause, Lang::En) => {
                "The invoice states no late-payment penalty.".to_string()
            }
            (NotYetDue { due_date }, Lang::Fr) => format!(
                "Rien n'est dû avant l'échéance : les pénalités courent à partir du lendemain du {}.",
                format::date_long(*due_date, lang)
            ),
            (NotYetDue { due_date }, Lang::En) => format!(
                "Nothing is owed before the due date: interest runs from the day after {}.",
                format::date_long(*due_date, lang)
            ),
            (BusinessClauseForConsumer { regime }, Lang::Fr) => format!(
                "La facture prévoit des pénalités entre professionnels ({}), mais le client est un particulier : ni ces taux ni l'indemnité forfaitaire ne lui sont opposables. Modifiez la clause de la facture (par exemple l'intérêt au taux légal).",
                regime.name(lang)
            ),
            (BusinessClauseForConsumer { regime }, Lang::En) => format!(
                "The invoice states business late-payment terms ({}), but the client is a consumer: neither these rates nor the fixed compensation apply to them. Change the invoice's clause (for example the legal interest rate).",
                regime.name(lang)
            ),
            (FullyCredited, Lang::Fr) => {
                "Des avoirs annulent toute la facture : rien n'est dû.".to_string()
            }
            (FullyCredited, Lang::En) => {
                "Credit notes cancel the whole invoice: nothing is owed.".to_string()
            }
            (NoFormalNotice, Lang::Fr) => {
                "L'intérêt au taux légal court à compter de la mise en demeure (article 1231-6 du Code civil) : notez-la dans le journal des échanges de la facture pour le calculer."
                    .to_string()
            }
            (NoFormalNotice, Lang::En) => {
                "Legal interest runs from the formal notice (French Civil Code, article 1231-6): record it in the invoice's contact log to compute it."
                    .to_string()
            }
            (InterestFrozen { from, until: None }, Lang::Fr) => format!(
                "Un échéancier gèle les pénalités depuis le {} : elles ne sont pas calculées ici.",
                format::date_long(*from, lang)
            ),
            (InterestFrozen { from, until: None }, Lang::En) => format!(
                "A payment plan freezes interest since {}: it is not computed here.",
                format::date_long(*from, lang)
            ),
            (InterestFrozen { from, until: Some(until) }, Lang::Fr) => format!(
                "Un échéancier a gelé les pénalités du {} au {} : ce calcul avec une interruption n'est pas fait ici ; utilisez le simulateur période par période.",
                format::date_long(*from, lang),
                format::date_long(*until, lang)
            ),
            (InterestFrozen { from, until: Some(until) }, Lang::En) => format!(
                "A payment plan froze interest from {} to {}: a calculation with a gap is not made here; use the Simulator period by period.",
                format::date_long(*from, lang),
                format::date_long(*until, lang)
            ),
            (Overflow, Lang::Fr) => {
                "Les montants de la facture sont trop grands pour être calculés.".to_string()
            }
            (Overflow, Lang::En) => "The invoice's amounts are too large to compute.".to_string(),
        }
    }
}

/// The regime of a clause, or `None` for "no penalty".
fn regime_of(clause: PenaltyClause) -> Option<Regime> {
    Some(match clause {
        PenaltyClause::FrB2b => Regime::FrB2b,
        PenaltyClause::FrB2bContract {
            annual_rate_percent,
        } => Regime::FrB2bContract {
            contract_rate: Rate::from_percent(annual_rate_percent),
        },
        PenaltyClause::FrLegal => Regime::FrLegal {
            category: FrLegalCategory::Other,
        },
        PenaltyClause::DeB2b => Regime::DeB2b,
        PenaltyClause::DeConsumer => Regime::DeConsumer,
        PenaltyClause::UkB2b => Regime::UkB2b,
        PenaltyClause::EuB2b => Regime::EuB2b,
        PenaltyClause::Fixed {
            annual_rate_percent,
            fixed_compensation,
        } => Regime::Fixed {
            rate: Rate::from_percent(annual_rate_percent),
            compensation: fixed_compensation,
        },
        PenaltyClause::None => return None,
    })
}

/// Whether a regime is for business debtors only.
fn for_businesses_only(regime: &Regime) -> bool {
    matches!(
        regime,
        Regime::FrB2b
            | Regime::FrB2bContract { .. }
            | Regime::DeB2b
            | Regime::UkB2b
            | Regime::EuB2b
    )
}

/// The simulation input of invoice `id` as of `as_of` (see the module's documentation), or
/// why there is none.
pub fn input_of_invoice(
    ledger: &Ledger,
    id: InvoiceId,
    as_of: NaiveDate,
) -> Result<SimulationInput, NotSimulable> {
    let invoice = ledger.invoice(id).ok_or(NotSimulable::UnknownInvoice)?;
    match invoice.status() {
        InvoiceStatus::Draft => return Err(NotSimulable::Draft),
        InvoiceStatus::Disputed => return Err(NotSimulable::Disputed),
        InvoiceStatus::WrittenOff => return Err(NotSimulable::WrittenOff),
        InvoiceStatus::Sent => {}
    }
    let details = invoice.details();
    let regime = regime_of(details.penalty()).ok_or(NotSimulable::NoPenaltyClause)?;
    let due_date = details.due_date();
    if as_of <= due_date {
        return Err(NotSimulable::NotYetDue { due_date });
    }
    let consumer = ledger
        .client(details.client())
        .is_some_and(|client| client.details().kind() == ClientKind::Consumer);
    if consumer && for_businesses_only(&regime) {
        return Err(NotSimulable::BusinessClauseForConsumer {
            regime: regime.id(),
        });
    }

    let mut principal = details.gross();
    for credit in ledger.adjustments_of(id) {
        if credit.date() <= as_of {
            principal = principal.checked_sub(credit.amount())?;
        }
    }
    if !principal.is_positive() {
        return Err(NotSimulable::FullyCredited);
    }

    if let Some(freeze) = ledger
        .current_plan_state(id, as_of)
        .map_err(|_| NotSimulable::Overflow)?
        .and_then(|plan| plan.interest_freeze)
    {
        return Err(NotSimulable::InterestFrozen {
            from: freeze.from,
            until: freeze.until,
        });
    }

    let mut options = InterestOptions::default();
    if let Regime::FrLegal { .. } = regime {
        let notice = ledger
            .contacts_of_invoice(id)
            .filter(|contact| {
                contact.date() <= as_of
                    && matches!(
                        contact.step(),
                        Some(StepKind::FormalNotice | StepKind::FinalNotice)
                    )
            })
            .map(|contact| contact.date())
            .min()
            .ok_or(NotSimulable::NoFormalNotice)?;
        let day_after = add_days(notice, 1).ok_or(NotSimulable::Overflow)?;
        // A notice sent before the due date: interest still starts the day after it.
        if day_after > due_date {
            options.first_day_of_interest = Some(day_after);
        }
    }

    let payments: Vec<(NaiveDate, Money)> = ledger
        .payments_of(id)
        .iter()
        .filter(|payment| payment.date() <= as_of)
        .map(|payment| (payment.date(), payment.amount()))
        .collect();

    Ok(SimulationInput {
        regime,
        principal,
        due_date,
        end_date: as_of,
        payments,
        options,
    })
}

#[cfg(test)]
mod tests {
    //! Every expected figure is computed by hand in the comment beside it (base × rate × days
    //! / 36,500, each period rounded half away from zero), with the built-in rates: ECB main
    //! refinancing rate in force on 1 January 2026 = 2.15 % (since 11 June 2025,
    //! `data/rates/ecb-mro.csv`), so `fr-b2b` = 12.15 % over the first half of 2026; French
    //! legal rate, "all other cases", first half of 2026 = 2.62 %.

    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::client::ClientDetails;
    use crate::domain::contact::{Channel, ContactDetails};
    use crate::domain::ids::ClientId;
    use crate::domain::interest::{Lateness, RateTables, Simulation, simulate};
    use crate::domain::invoice::{InvoiceAmount, InvoiceDetails};
    use crate::domain::money::Currency;
    use crate::domain::party::Country;
    use crate::domain::payment::{
        AdjustmentDetails, AdjustmentKind, PaymentDetails, PaymentMethod,
    };
    use crate::domain::plan::{InterestDuringPlan, PlanPeriod, PlanTerms};
    use crate::domain::terms::PaymentTerms;
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    fn eur(amount: Decimal) -> Money {
        Money::new(amount, Currency::Eur)
    }

    struct Books {
        ledger: Ledger,
    }

    impl Books {
        fn new() -> Books {
            Books {
                ledger: Ledger::new(),
            }
        }

        fn client(&mut self, kind: ClientKind) -> ClientId {
            let added = ClientDetails::new("Dupont SARL", Country::FR, kind)
                .map_err(|error| format!("{error:?}"))
                .and_then(|details| {
                    self.ledger
                        .add_client(details)
                        .map_err(|error| format!("{error:?}"))
                });
            match added {
                Ok(id) => id,
                Err(error) => panic!("{error}"),
            }
        }

        /// An invoice of `gross` € (tax included) issued on 1 January 2026, due `due`.
        fn invoice(
            &mut self,
            client: ClientId,
            due: &str,
            gross: Decimal,
            clause: PenaltyClause,
            status: InvoiceStatus,
        ) -> InvoiceId {
            let number = format!("F-{}", self.ledger.next_id());
            let added = InvoiceAmount::from_net(eur(gross), dec!(0))
                .map_err(|error| format!("{error:?}"))
                .and_then(|amount| {
                    InvoiceDetails::new(
                        &number,
                        client,
                        date("2026-01-01"),
                        amount,
                        PaymentTerms::default(),
                        Some(date(due)),
                        clause,
                    )
                    .map_err(|error| format!("{error:?}"))
                })
                .and_then(|details| {
                    self.ledger
                        .add_invoice(details, status)
                        .map_err(|error| format!("{error:?}"))
                });
            match added {
                Ok(id) => id,
                Err(error) => panic!("{error}"),
            }
        }

        fn pay(&mut self, invoice: InvoiceId, day: &str, amount: Decimal) {
            let paid = PaymentDetails::new(
                invoice,
                date(day),
                eur(amount),
                PaymentMethod::BankTransfer,
                "",
            )
            .map_err(|error| format!("{error:?}"))
            .and_then(|details| {
                self.ledger
                    .record_payment(details)
                    .map_err(|error| format!("{error:?}"))
            });
            assert!(paid.is_ok(), "{paid:?}");
        }

        fn credit(&mut self, invoice: InvoiceId, day: &str, amount: Decimal) {
            let credited = AdjustmentDetails::new(
                invoice,
                AdjustmentKind::CreditNote,
                date(day),
                eur(amount),
                "remise",
            )
            .map_err(|error| format!("{error:?}"))
            .and_then(|details| {
                self.ledger
                    .add_adjustment(details)
                    .map_err(|error| format!("{error:?}"))
            });
            assert!(credited.is_ok(), "{credited:?}");
        }

        fn notice(&mut self, client: ClientId, invoice: InvoiceId, day: &str, step: StepKind) {
            let logged = ContactDetails::new(
                client,
                date(day),
                Channel::Letter,
                "mise en demeure",
                vec![invoice],
                Some(step),
            )
            .map_err(|error| format!("{error:?}"))
            .and_then(|details| {
                self.ledger
                    .log_contact(details)
                    .map_err(|error| format!("{error:?}"))
            });
            assert!(logged.is_ok(), "{logged:?}");
        }

        #[track_caller]
        fn simulate(&self, invoice: InvoiceId, as_of: &str) -> Simulation {
            let input = input_of_invoice(&self.ledger, invoice, date(as_of));
            let Ok(input) = input else {
                panic!("no input: {input:?}")
            };
            match simulate(&input, &RateTables::builtin()) {
                Ok(simulation) => simulation,
                Err(error) => panic!("refused: {error:?}"),
            }
        }
    }

    /// A French business client and a 1 000 € invoice due 31 January 2026, `fr-b2b`.
    fn french_business_invoice() -> (Books, ClientId, InvoiceId) {
        let mut books = Books::new();
        let client = books.client(ClientKind::Business);
        let invoice = books.invoice(
            client,
            "2026-01-31",
            dec!(1000),
            PenaltyClause::FrB2b,
            InvoiceStatus::Sent,
        );
        (books, client, invoice)
    }

    #[test]
    fn a_french_business_invoice_owes_known_interest_and_forty_euros() {
        let (books, _, invoice) = french_business_invoice();
        let input = input_of_invoice(&books.ledger, invoice, date("2026-03-31"));
        assert_eq!(
            input,
            Ok(SimulationInput {
                regime: Regime::FrB2b,
                principal: eur(dec!(1000)),
                due_date: date("2026-01-31"),
                end_date: date("2026-03-31"),
                payments: Vec::new(),
                options: InterestOptions::default(),
            })
        );
        // 1 February – 31 March 2026: 28 + 31 = 59 days at 12.15 %:
        // 1 000 × 12.15 × 59 / 36 500 = 19.6397… → 19.64 €; + 40 € = 59.64 €.
        let simulation = books.simulate(invoice, "2026-03-31");
        assert_eq!(simulation.interest, eur(dec!(19.64)));
        assert_eq!(simulation.compensation, eur(dec!(40)));
        assert_eq!(simulation.total, eur(dec!(59.64)));
    }

    #[test]
    fn a_partial_payment_reduces_the_base_from_the_next_day() {
        let (mut books, _, invoice) = french_business_invoice();
        books.pay(invoice, "2026-02-28", dec!(400));
        // A payment after the end date is not received yet: left out.
        books.pay(invoice, "2026-04-15", dec!(100));
        let input = input_of_invoice(&books.ledger, invoice, date("2026-03-31"));
        assert_eq!(
            input.map(|input| input.payments),
            Ok(vec![(date("2026-02-28"), eur(dec!(400)))])
        );
        // 1–28 February, 28 days on 1 000: 1 000 × 12.15 × 28 / 36 500 = 9.3205… → 9.32;
        // 1–31 March, 31 days on 600: 600 × 12.15 × 31 / 36 500 = 6.1915… → 6.19;
        // 9.32 + 6.19 = 15.51 €, + 40 € = 55.51 €.
        let simulation = books.simulate(invoice, "2026-03-31");
        assert_eq!(simulation.interest, eur(dec!(15.51)));
        assert_eq!(simulation.total, eur(dec!(55.51)));
    }

    #[test]
    fn a_credit_note_reduces_the_principal_from_the_start() {
        let (mut books, _, invoice) = french_business_invoice();
        // Dated in March, it still cancels 200 € of the invoice from the first day.
        books.credit(invoice, "2026-03-10", dec!(200));
        // 800 × 12.15 × 59 / 36 500 = 15.7118… → 15.71 €.
        let simulation = books.simulate(invoice, "2026-03-31");
        assert_eq!(simulation.interest, eur(dec!(15.71)));
        assert_eq!(simulation.total, eur(dec!(55.71)));
        // Before the credit note's date, it is not known yet: the whole amount.
        let before = input_of_invoice(&books.ledger, invoice, date("2026-03-09"));
        assert_eq!(before.map(|input| input.principal), Ok(eur(dec!(1000))));
        // Credit notes for the whole amount: nothing owed.
        books.credit(invoice, "2026-03-20", dec!(800));
        assert_eq!(
            input_of_invoice(&books.ledger, invoice, date("2026-03-31")),
            Err(NotSimulable::FullyCredited)
        );
    }

    #[test]
    fn paid_on_time_owes_nothing() {
        let (mut books, _, invoice) = french_business_invoice();
        books.pay(invoice, "2026-01-31", dec!(1000));
        let simulation = books.simulate(invoice, "2026-06-30");
        assert_eq!(simulation.lateness, Lateness::PaidOnTime);
        assert_eq!(simulation.interest, eur(dec!(0)));
        assert_eq!(simulation.compensation, eur(dec!(0)));
        assert_eq!(simulation.total, eur(dec!(0)));
    }

    #[test]
    fn paid_late_owes_the_interest_up_to_the_payment_and_the_compensation() {
        let (mut books, _, invoice) = french_business_invoice();
        books.pay(invoice, "2026-02-10", dec!(1000));
        // 1–10 February, 10 days: 1 000 × 12.15 × 10 / 36 500 = 3.3287… → 3.33 €; + 40 €.
        let simulation = books.simulate(invoice, "2026-06-30");
        assert_eq!(simulation.interest, eur(dec!(3.33)));
        assert_eq!(simulation.total, eur(dec!(43.33)));
    }

    #[test]
    fn a_consumer_owes_legal_interest_from_the_formal_notice_and_no_compensation() {
        let mut books = Books::new();
        let client = books.client(ClientKind::Consumer);
        let invoice = books.invoice(
            client,
            "2026-01-31",
            dec!(1000),
            PenaltyClause::FrLegal,
            InvoiceStatus::Sent,
        );
        assert_eq!(
            input_of_invoice(&books.ledger, invoice, date("2026-03-31")),
            Err(NotSimulable::NoFormalNotice)
        );
        // A reminder is not a formal notice; a notice after the date is not sent yet.
        books.notice(client, invoice, "2026-02-10", StepKind::FirstReminder);
        books.notice(client, invoice, "2026-04-10", StepKind::FormalNotice);
        assert_eq!(
            input_of_invoice(&books.ledger, invoice, date("2026-03-31")),
            Err(NotSimulable::NoFormalNotice)
        );
        books.notice(client, invoice, "2026-02-28", StepKind::FormalNotice);
        let input = input_of_invoice(&books.ledger, invoice, date("2026-03-31"));
        assert_eq!(
            input.map(|input| (input.regime, input.options.first_day_of_interest)),
            Ok((
                Regime::FrLegal {
                    category: FrLegalCategory::Other
                },
                Some(date("2026-03-01"))
            ))
        );
        // 1–31 March, 31 days at 2.62 %: 1 000 × 2.62 × 31 / 36 500 = 2.2252… → 2.23 €;
        // no fixed compensation.
        let simulation = books.simulate(invoice, "2026-03-31");
        assert_eq!(simulation.interest, eur(dec!(2.23)));
        assert_eq!(simulation.compensation, eur(dec!(0)));
        assert_eq!(simulation.total, eur(dec!(2.23)));
    }

    #[test]
    fn a_business_clause_on_a_consumer_invoice_is_refused_with_its_reason() {
        let mut books = Books::new();
        let client = books.client(ClientKind::Consumer);
        let invoice = books.invoice(
            client,
            "2026-01-31",
            dec!(1000),
            PenaltyClause::FrB2b,
            InvoiceStatus::Sent,
        );
        assert_eq!(
            input_of_invoice(&books.ledger, invoice, date("2026-03-31")),
            Err(NotSimulable::BusinessClauseForConsumer {
                regime: RegimeId::FrB2b
            })
        );
        // A public body is a business debtor: 40 €.
        let public = books.client(ClientKind::PublicBody);
        let invoice = books.invoice(
            public,
            "2026-01-31",
            dec!(1000),
            PenaltyClause::FrB2b,
            InvoiceStatus::Sent,
        );
        assert_eq!(
            books.simulate(invoice, "2026-03-31").compensation,
            eur(dec!(40))
        );
    }

    #[test]
    fn the_contract_rate_and_the_fixed_clause_carry_their_terms() {
        let mut books = Books::new();
        let client = books.client(ClientKind::Business);
        let contract = books.invoice(
            client,
            "2026-01-31",
            dec!(1000),
            PenaltyClause::FrB2bContract {
                annual_rate_percent: dec!(15),
            },
            InvoiceStatus::Sent,
        );
        // 1 000 × 15 × 59 / 36 500 = 24.2465… → 24.25 €; + 40 €.
        let simulation = books.simulate(contract, "2026-03-31");
        assert_eq!(simulation.interest, eur(dec!(24.25)));
        assert_eq!(simulation.total, eur(dec!(64.25)));
        let fixed = books.invoice(
            client,
            "2026-01-31",
            dec!(1000),
            PenaltyClause::Fixed {
                annual_rate_percent: dec!(10),
                fixed_compensation: Some(eur(dec!(25))),
            },
            InvoiceStatus::Sent,
        );
        // 1 000 × 10 × 59 / 36 500 = 16.1643… → 16.16 €; + the agreed 25 €.
        let simulation = books.simulate(fixed, "2026-03-31");
        assert_eq!(simulation.interest, eur(dec!(16.16)));
        assert_eq!(simulation.total, eur(dec!(41.16)));
    }

    #[test]
    fn what_cannot_be_simulated_says_why() {
        let mut books = Books::new();
        let client = books.client(ClientKind::Business);
        let as_of = date("2026-03-31");
        let mut reason = |clause, status, due| {
            let invoice = books.invoice(client, due, dec!(1000), clause, status);
            input_of_invoice(&books.ledger, invoice, as_of).err()
        };
        assert_eq!(
            reason(PenaltyClause::FrB2b, InvoiceStatus::Draft, "2026-01-31"),
            Some(NotSimulable::Draft)
        );
        assert_eq!(
            reason(PenaltyClause::FrB2b, InvoiceStatus::Disputed, "2026-01-31"),
            Some(NotSimulable::Disputed)
        );
        assert_eq!(
            reason(
                PenaltyClause::FrB2b,
                InvoiceStatus::WrittenOff,
                "2026-01-31"
            ),
            Some(NotSimulable::WrittenOff)
        );
        assert_eq!(
            reason(PenaltyClause::None, InvoiceStatus::Sent, "2026-01-31"),
            Some(NotSimulable::NoPenaltyClause)
        );
        // On the due date itself nothing is owed yet.
        assert_eq!(
            reason(PenaltyClause::FrB2b, InvoiceStatus::Sent, "2026-03-31"),
            Some(NotSimulable::NotYetDue {
                due_date: date("2026-03-31")
            })
        );
        assert_eq!(
            input_of_invoice(&books.ledger, InvoiceId::from_raw(9999), as_of),
            Err(NotSimulable::UnknownInvoice)
        );
    }

    #[test]
    fn a_plan_that_freezes_interest_stops_the_calculation_with_its_dates() {
        let (mut books, _, invoice) = french_business_invoice();
        let terms = PlanTerms::new(
            invoice,
            date("2026-03-01"),
            date("2026-03-15"),
            3,
            PlanPeriod::Monthly,
            InterestDuringPlan::Frozen,
        );
        let agreed = terms
            .map_err(|error| format!("{error:?}"))
            .and_then(|terms| {
                books
                    .ledger
                    .agree_plan(terms)
                    .map_err(|error| format!("{error:?}"))
            });
        assert!(agreed.is_ok(), "{agreed:?}");
        books.pay(invoice, "2026-03-15", dec!(333.34));
        assert_eq!(
            input_of_invoice(&books.ledger, invoice, date("2026-03-31")),
            Err(NotSimulable::InterestFrozen {
                from: date("2026-03-01"),
                until: None
            })
        );
        // Before the agreement, the interest is computed as usual.
        assert!(input_of_invoice(&books.ledger, invoice, date("2026-02-28")).is_ok());
    }

    #[test]
    fn every_reason_is_a_sentence_in_both_languages() {
        let day = date("2026-01-31");
        for reason in [
            NotSimulable::UnknownInvoice,
            NotSimulable::Draft,
            NotSimulable::Disputed,
            NotSimulable::WrittenOff,
            NotSimulable::NoPenaltyClause,
            NotSimulable::NotYetDue { due_date: day },
            NotSimulable::BusinessClauseForConsumer {
                regime: RegimeId::FrB2b,
            },
            NotSimulable::FullyCredited,
            NotSimulable::NoFormalNotice,
            NotSimulable::InterestFrozen {
                from: day,
                until: None,
            },
            NotSimulable::InterestFrozen {
                from: day,
                until: Some(day),
            },
            NotSimulable::Overflow,
        ] {
            for lang in Lang::ALL {
                let sentence = reason.describe(lang);
                assert!(sentence.ends_with('.'), "{sentence}");
            }
        }
        assert!(
            NotSimulable::NotYetDue { due_date: day }
                .describe(Lang::Fr)
                .contains("31 janvier 2026")
        );
    }
}
