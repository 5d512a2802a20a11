//! A simulation input as the Simulator's link parameters (`#/simulator?regime=…`), so a page
//! that is not the Simulator (an invoice's page) can open it on the same input: features do
//! not import each other, and this is plain data about the domain's input.
//!
//! The format is the Simulator's own (see `ui/simulator/form.rs`, which reads it back with
//! `SimulatorForm::from_query` and reports a malformed field beside it): amounts with a dot
//! decimal at the currency's minor unit, dates ISO 8601, parameters in the order the Simulator
//! prints them and defaults left out, so the Simulator's link of the same form is the same
//! text. Its tests check the round trip input → parameters → form → the same input, for every
//! regime and option.

use super::engine::SimulationInput;
use super::options::{Capitalisation, DayCount, PaymentOrder, Rounding};
use super::regime::Regime;

/// The link parameters of `input`, in order: `regime`, `principal`, `currency`, `due`, `until`,
/// `pay` (one per payment, `DATE:AMOUNT`, in the input's order), then `rate` (contract or
/// agreed rate), `comp` (agreed compensation), `category` (`fr-legal`), `from`, `enforceable`
/// (`fr-legal`), `compound=annual`, `daycount=actact|act360`, `order=legal`, `rounding=daily`.
pub fn simulator_parameters(input: &SimulationInput) -> Vec<(&'static str, String)> {
    let mut pairs: Vec<(&'static str, String)> = vec![
        ("regime", input.regime.id().id().to_string()),
        ("principal", input.principal.amount().to_string()),
        ("currency", input.principal.currency().code().to_string()),
        ("due", input.due_date.to_string()),
        ("until", input.end_date.to_string()),
    ];
    for (date, amount) in &input.payments {
        pairs.push(("pay", format!("{date}:{}", amount.amount())));
    }
    match &input.regime {
        Regime::FrB2bContract { contract_rate } => {
            pairs.push(("rate", contract_rate.percent().normalize().to_string()));
        }
        Regime::Fixed { rate, compensation } => {
            pairs.push(("rate", rate.percent().normalize().to_string()));
            if let Some(compensation) = compensation {
                pairs.push(("comp", compensation.amount().to_string()));
            }
        }
        Regime::FrLegal { category } => pairs.push(("category", category.id().to_string())),
        _ => {}
    }
    let options = &input.options;
    if let Some(first_day) = options.first_day_of_interest {
        pairs.push(("from", first_day.to_string()));
    }
    if let (Regime::FrLegal { .. }, Some(enforceable_on)) = (&input.regime, options.enforceable_on)
    {
        pairs.push(("enforceable", enforceable_on.to_string()));
    }
    if options.capitalisation == Capitalisation::Annual {
        pairs.push(("compound", "annual".to_string()));
    }
    match options.day_count {
        DayCount::Act365 => {}
        DayCount::ActAct => pairs.push(("daycount", "actact".to_string())),
        DayCount::Act360 => pairs.push(("daycount", "act360".to_string())),
    }
    if options.payment_order == PaymentOrder::LegalOrder {
        pairs.push(("order", "legal".to_string()));
    }
    if options.rounding == Rounding::DailyAmountFirst {
        pairs.push(("rounding", "daily".to_string()));
    }
    pairs
}
