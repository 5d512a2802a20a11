//! The late interest and fixed compensation of one invoice accrued to a date, as its page
//! shows them: the engine's figures for the invoice's input (`domain::interest::of_invoice`),
//! with the user's rate tables, the link that opens the Simulator on the same input, and the
//! rate applied in one short line; or why nothing is computed. Pure, tested natively.

use chrono::NaiveDate;

use crate::domain::interest::{
    NotSimulable, RateTables, Simulation, SimulationError, SimulationInput, input_of_invoice,
    simulate, simulator_parameters,
};
use crate::domain::{InvoiceId, Ledger};
use crate::format;
use crate::i18n::Lang;
use crate::routes::{Query, Route};

/// What the block shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Accrual {
    /// The engine's result, and the Simulator's link on the same input.
    Figures {
        simulation: Box<Simulation>,
        simulator: Route,
    },
    /// Why there is nothing to compute (a draft, not yet due, disputed…).
    NotApplicable(NotSimulable),
    /// The engine refused the invoice's input (a contract rate it cannot hold…).
    Refused(SimulationError),
}

impl Accrual {
    /// Invoice `id`'s interest accrued to `as_of` (included), with `tables` (built-in rates
    /// merged with the user's).
    pub fn of(ledger: &Ledger, id: InvoiceId, as_of: NaiveDate, tables: &RateTables) -> Accrual {
        let input = match input_of_invoice(ledger, id, as_of) {
            Ok(input) => input,
            Err(reason) => return Accrual::NotApplicable(reason),
        };
        match simulate(&input, tables) {
            Ok(simulation) => Accrual::Figures {
                simulation: Box::new(simulation),
                simulator: Route::Simulator(simulator_query(&input)),
            },
            Err(error) => Accrual::Refused(error),
        }
    }
}

/// The Simulator's link query for `input` (the Simulator's own format).
pub fn simulator_query(input: &SimulationInput) -> Query {
    let mut query = Query::default();
    for (key, value) in simulator_parameters(input) {
        query.push(key, value);
    }
    query
}

/// The rate applied and where it comes from, in one line: « Taux annuel : 12,15 % puis
/// 12,40 % — France, entre professionnels (taux légal BCE + 10 points) ; articles L441-10 et
/// D441-5 du Code de commerce ». Each change of rate is named once, in order.
pub fn source_line(simulation: &Simulation, lang: Lang) -> String {
    let rates = simulation.rates_applied(lang);
    let regime = simulation.regime.id();
    let separator = match lang {
        Lang::Fr => " ; ",
        Lang::En => "; ",
    };
    let basis = format!("{}{separator}{}", regime.name(lang), regime.statute(lang));
    let line = if rates.is_empty() {
        basis
    } else {
        let label = match lang {
            Lang::Fr => "Taux annuel :",
            Lang::En => "Annual rate:",
        };
        format!("{label} {rates} — {basis}")
    };
    format::typography(&line, lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::interest::Lateness;
    use crate::domain::{Currency, Money};
    use crate::ui::invoices::test_support::Books;
    use crate::ui::simulator::form::SimulatorForm;
    use rust_decimal_macros::dec;

    fn eur(amount: rust_decimal::Decimal) -> Money {
        Money::new(amount, Currency::Eur)
    }

    /// A French business client; a 1 000 € invoice issued 1 January 2026, net 30 → due
    /// 31 January 2026, `fr-b2b`.
    fn books() -> (Books, InvoiceId) {
        let mut books = Books::new();
        let client = books.client("Dupont SARL", "FR");
        let invoice = books.invoice("F-2026-001", client, "2026-01-01", "1000", "EUR");
        (books, invoice)
    }

    #[track_caller]
    fn figures(accrual: &Accrual) -> (&Simulation, &Route) {
        match accrual {
            Accrual::Figures {
                simulation,
                simulator,
            } => (simulation, simulator),
            other => panic!("no figures: {other:?}"),
        }
    }

    #[test]
    fn an_overdue_invoice_shows_the_engine_figures_and_the_rate_in_one_line() {
        let (books, invoice) = books();
        let accrual = Accrual::of(
            &books.ledger,
            invoice,
            date("2026-03-31"),
            &RateTables::builtin(),
        );
        let (simulation, _) = figures(&accrual);
        // 59 days on 1 000 € at 12.15 %: 1 000 × 12.15 × 59 / 36 500 = 19.6397… → 19.64 €.
        assert_eq!(simulation.interest, eur(dec!(19.64)));
        assert_eq!(simulation.compensation, eur(dec!(40)));
        assert_eq!(simulation.total, eur(dec!(59.64)));
        assert_eq!(
            source_line(simulation, Lang::Fr),
            "Taux annuel\u{202f}: 12,15\u{a0}% — France, entre professionnels (taux légal BCE + 10 points)\u{202f}; articles L441-10 et D441-5 du Code de commerce"
        );
        assert_eq!(
            source_line(simulation, Lang::En),
            "Annual rate: 12.15% — France, business debtor (ECB rate + 10 points); French Commercial Code (Code de commerce), articles L441-10 and D441-5"
        );
    }

    #[test]
    fn a_rate_change_at_the_half_year_is_named_in_the_line() {
        let (books, invoice) = books();
        // ECB rate on 1 July 2026: 2.40 % (since 17 June 2026) → 12.40 % from 1 July.
        let accrual = Accrual::of(
            &books.ledger,
            invoice,
            date("2026-07-31"),
            &RateTables::builtin(),
        );
        let (simulation, _) = figures(&accrual);
        assert!(
            source_line(simulation, Lang::En).starts_with("Annual rate: 12.15% then 12.40% — "),
            "{}",
            source_line(simulation, Lang::En)
        );
    }

    #[test]
    fn an_invoice_paid_on_time_owes_nothing_and_its_line_names_only_the_regime() {
        let (mut books, invoice) = books();
        books.pay(invoice, "2026-01-30", dec!(1000), Currency::Eur);
        let accrual = Accrual::of(
            &books.ledger,
            invoice,
            date("2026-03-31"),
            &RateTables::builtin(),
        );
        let (simulation, _) = figures(&accrual);
        assert_eq!(simulation.lateness, Lateness::PaidOnTime);
        assert_eq!(simulation.total, eur(dec!(0)));
        assert!(source_line(simulation, Lang::En).starts_with("France, business debtor"));
    }

    #[test]
    fn a_draft_or_an_invoice_not_yet_due_gives_its_reason() {
        let (mut books, invoice) = books();
        let tables = RateTables::builtin();
        assert_eq!(
            Accrual::of(&books.ledger, invoice, date("2026-01-31"), &tables),
            Accrual::NotApplicable(NotSimulable::NotYetDue {
                due_date: date("2026-01-31")
            })
        );
        let client = books.client("Martin", "FR");
        let draft = books.draft("F-2026-002", client, "2026-01-01", "500", "EUR");
        assert_eq!(
            Accrual::of(&books.ledger, draft, date("2026-03-31"), &tables),
            Accrual::NotApplicable(NotSimulable::Draft)
        );
    }

    /// The Simulator opened from the invoice's link reads back the same input, so it shows the
    /// same figures to the cent: input → query → `SimulatorForm::from_query` (as typed in either
    /// language) → parse → the same input → the same simulation.
    #[test]
    fn the_simulator_link_opens_the_same_input_and_the_same_figures() {
        let (mut books, invoice) = books();
        books.pay(invoice, "2026-02-28", dec!(400), Currency::Eur);
        books.pay(invoice, "2026-05-04", dec!(123.45), Currency::Eur);
        let as_of = date("2026-07-31");
        let tables = RateTables::builtin();
        let accrual = Accrual::of(&books.ledger, invoice, as_of, &tables);
        let (simulation, route) = figures(&accrual);
        let Route::Simulator(query) = route else {
            panic!("not the Simulator: {route:?}")
        };
        let Ok(input) = input_of_invoice(&books.ledger, invoice, as_of) else {
            panic!("no input")
        };
        assert_eq!(
            route.href(),
            "#/simulator?regime=fr-b2b&principal=1000.00&currency=EUR&due=2026-01-31&until=2026-07-31&pay=2026-02-28:400.00&pay=2026-05-04:123.45"
        );
        // The Simulator opens on another day: the end date is in the link.
        let another_day = date("2026-12-07");
        for lang in Lang::ALL {
            let form = SimulatorForm::from_query(query).localized(lang);
            assert_eq!(
                form.to_query(),
                *query,
                "the Simulator prints the same link"
            );
            let parsed = form.parse(another_day);
            assert_eq!(parsed.errors, []);
            let reopened: Option<SimulationInput> = parsed.input;
            assert_eq!(reopened.as_ref(), Some(&input));
            let again = reopened.map(|input| simulate(&input, &tables));
            assert_eq!(again, Some(Ok(simulation.clone())));
        }
    }
}
