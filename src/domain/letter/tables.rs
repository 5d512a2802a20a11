//! The tables of a letter: the invoices it covers, the installments of a payment plan.

use super::facts::LetterFacts;
use super::output::Table;
use crate::format;
use crate::i18n::Lang;

/// The invoices: number, date, due date, amount, open balance; with the interest and the
/// compensation of each when the letter claims them. A totals row.
pub fn invoices(facts: &LetterFacts, lang: Lang) -> Table {
    let claims = facts.kind.claims_interest();
    let mut columns: Vec<&str> = match lang {
        Lang::Fr => vec!["Facture", "Date", "Échéance", "Montant TTC", "Restant dû"],
        Lang::En => vec!["Invoice", "Date", "Due date", "Amount", "Still owed"],
    };
    if claims {
        columns.extend(match lang {
            Lang::Fr => ["Pénalités", "Indemnité"],
            Lang::En => ["Interest", "Compensation"],
        });
    }
    let money = |amount| format::money(amount, lang);
    let rows = facts
        .invoices
        .iter()
        .map(|invoice| {
            let mut row = vec![
                invoice.number.clone(),
                format::date_short(invoice.issue_date, lang),
                format::date_short(invoice.due_date, lang),
                money(invoice.gross),
                money(invoice.open),
            ];
            if claims {
                match invoice.accrual.simulation() {
                    Some(simulation) => {
                        row.push(money(simulation.interest));
                        row.push(money(simulation.compensation));
                    }
                    None => {
                        row.push("—".to_string());
                        row.push("—".to_string());
                    }
                }
            }
            row
        })
        .collect();
    let mut total = vec![
        match lang {
            Lang::Fr => "Total",
            Lang::En => "Total",
        }
        .to_string(),
        String::new(),
        String::new(),
        money(facts.total_gross),
        money(facts.total_open),
    ];
    if claims {
        total.push(money(facts.total_interest));
        total.push(money(facts.total_compensation));
    }
    let numeric = (0..columns.len()).map(|index| index >= 3).collect();
    Table {
        columns: columns.into_iter().map(str::to_string).collect(),
        numeric,
        rows,
        total: Some(total),
    }
}

/// The plan's installments: number, due date, amount, and what remains of each as of the
/// letter's date (so the total remaining is the balance the letter states). `None` when the
/// letter has no plan.
pub fn plan(facts: &LetterFacts, lang: Lang) -> Option<Table> {
    let plan = facts.plan.as_ref()?;
    let columns = match lang {
        Lang::Fr => ["Échéance n°", "Date", "Montant", "Reste à payer"],
        Lang::En => ["Installment", "Date", "Amount", "Still to pay"],
    };
    let rows = plan
        .installments
        .iter()
        .map(|state| {
            vec![
                state.installment.number.to_string(),
                format::date_short(state.installment.due_date, lang),
                format::money(state.installment.amount, lang),
                format::money(state.remaining, lang),
            ]
        })
        .collect();
    let first = plan.installments.first()?;
    let (mut amount, mut remaining) = (first.installment.amount, first.remaining);
    for state in plan.installments.iter().skip(1) {
        // Amounts are bounded (10^15 each): a sum that overflowed would be left out.
        amount = amount
            .checked_add(state.installment.amount)
            .unwrap_or(amount);
        remaining = remaining.checked_add(state.remaining).unwrap_or(remaining);
    }
    Some(Table {
        columns: columns.into_iter().map(str::to_string).collect(),
        numeric: vec![false, false, true, true],
        rows,
        total: Some(vec![
            "Total".to_string(),
            String::new(),
            format::money(amount, lang),
            format::money(remaining, lang),
        ]),
    })
}
