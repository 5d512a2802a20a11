//! The tables of the books as CSV files, computed from the domain as of a date: invoices,
//! payments, credit notes, the aging report, the contact log, payment plans and the client
//! list with its statistics. Pure: each function returns the file's text, in a
//! [`CsvDialect`], headings in the given language (French or English words, which the import
//! maps both). Rows come in the order given (the list the user is looking at) or, for whole
//! tables, in a fixed order.

use chrono::NaiveDate;

use super::csv::{CsvDialect, CsvWriter};
use crate::domain::{
    AdjustmentKind, AgingBounds, AgingReport, Bucket, ClientId, ClientKind, ClientStatistics,
    Currency, InstallmentStatus, InvoiceId, InvoiceState, Ledger, LedgerError, MoneyError,
    Standing,
};
use crate::i18n::{Describe, Lang};

/// A table that exports, for its file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportTable {
    Invoices,
    Payments,
    CreditNotes,
    Aging,
    Contacts,
    Plans,
    Clients,
}

impl ExportTable {
    pub const ALL: [ExportTable; 7] = [
        ExportTable::Invoices,
        ExportTable::Payments,
        ExportTable::CreditNotes,
        ExportTable::Aging,
        ExportTable::Contacts,
        ExportTable::Plans,
        ExportTable::Clients,
    ];

    /// The word of the file name, ASCII: French for the Excel France dialect, English for the
    /// standard one.
    fn file_word(self, dialect: CsvDialect) -> &'static str {
        let (fr, en) = match self {
            ExportTable::Invoices => ("factures", "invoices"),
            ExportTable::Payments => ("paiements", "payments"),
            ExportTable::CreditNotes => ("avoirs", "credit-notes"),
            ExportTable::Aging => ("balance-agee", "aging"),
            ExportTable::Contacts => ("journal-contacts", "contact-log"),
            ExportTable::Plans => ("echeanciers", "payment-plans"),
            ExportTable::Clients => ("clients", "clients"),
        };
        match dialect {
            CsvDialect::ExcelFrance => fr,
            CsvDialect::Standard => en,
        }
    }
}

/// The file's name, ASCII: `relance-factures-2026-12-07.csv`, `relance-invoices-2026-12-07.csv`
/// (the date is always ISO, so that files sort by date).
pub fn file_name(table: ExportTable, as_of: NaiveDate, dialect: CsvDialect) -> String {
    format!(
        "relance-{}-{}.csv",
        table.file_word(dialect),
        CsvDialect::Standard.date(as_of)
    )
}

/// Headings, French or English.
fn headings(csv: &mut CsvWriter, lang: Lang, words: &[(&str, &str)]) {
    csv.texts(words.iter().map(|&(fr, en)| say(lang, fr, en)));
    csv.end_row();
}

fn say<'w>(lang: Lang, fr: &'w str, en: &'w str) -> &'w str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// Where an invoice stands, in the words of the invoice list.
pub fn standing_word(standing: Standing, lang: Lang) -> &'static str {
    let (fr, en) = match standing {
        Standing::Draft => ("Brouillon", "Draft"),
        Standing::NotDue => ("Envoyée", "Sent"),
        Standing::PartiallyPaid => ("Payée en partie", "Partially paid"),
        Standing::Overdue => ("En retard", "Overdue"),
        Standing::Paid => ("Payée", "Paid"),
        Standing::Disputed => ("Contestée", "Disputed"),
        Standing::WrittenOff => ("Passée en perte", "Written off"),
    };
    say(lang, fr, en)
}

/// An aging bucket's name: `Non échue`, `1–30 jours`, `Plus de 90 jours` (an en dash, so
/// that no spreadsheet reads `1-30` as a date).
pub fn bucket_word(bucket: Bucket, lang: Lang) -> String {
    match (bucket, lang) {
        (Bucket::NotYetDue, _) => say(lang, "Non échue", "Not yet due").to_string(),
        (Bucket::Range { from, to }, Lang::Fr) => format!("{from}–{to} jours"),
        (Bucket::Range { from, to }, Lang::En) => format!("{from}–{to} days"),
        (Bucket::Over { after: 0 }, _) => say(lang, "En retard", "Overdue").to_string(),
        (Bucket::Over { after }, Lang::Fr) => format!("Plus de {after} jours"),
        (Bucket::Over { after }, Lang::En) => format!("Over {after} days"),
    }
}

fn installment_word(status: InstallmentStatus, lang: Lang) -> &'static str {
    let (fr, en) = match status {
        InstallmentStatus::Paid => ("Payée", "Paid"),
        InstallmentStatus::PartiallyPaid => ("Payée en partie", "Partly paid"),
        InstallmentStatus::Upcoming => ("À venir", "Upcoming"),
        InstallmentStatus::Missed => ("Manquée", "Missed"),
    };
    say(lang, fr, en)
}

fn kind_word(kind: ClientKind, lang: Lang) -> &'static str {
    let (fr, en) = match kind {
        ClientKind::Business => ("Entreprise ou professionnel", "Business or professional"),
        ClientKind::Consumer => ("Particulier", "Consumer"),
        ClientKind::PublicBody => ("Organisme public", "Public body"),
    };
    say(lang, fr, en)
}

fn client_name(ledger: &Ledger, client: ClientId) -> &str {
    ledger.client(client).map_or("", |client| client.name())
}

fn invoice_number(ledger: &Ledger, invoice: InvoiceId) -> &str {
    ledger
        .invoice(invoice)
        .map_or("", |invoice| invoice.number())
}

/// A ledger error where only a money error can happen (the ids come from the ledger): the
/// money error, or `None` for an id the ledger no longer knows (its row is left out).
fn money_error(error: LedgerError) -> Option<MoneyError> {
    match error {
        LedgerError::Money(error) => Some(error),
        _ => None,
    }
}

/// The invoices `ids`, in that order (ids the ledger does not know are left out): number,
/// client, dates, amounts, what was paid and credited and what is open as of `as_of`, days
/// late (overdue invoices only), aging bucket (open receivables only) and status.
pub fn invoices_csv(
    ledger: &Ledger,
    ids: &[InvoiceId],
    as_of: NaiveDate,
    bounds: &AgingBounds,
    dialect: CsvDialect,
    lang: Lang,
) -> Result<String, MoneyError> {
    let aging = AgingReport::as_of(ledger, bounds, as_of)?;
    let mut csv = CsvWriter::new(dialect);
    headings(
        &mut csv,
        lang,
        &[
            ("Numéro de facture", "Invoice number"),
            ("Client", "Client"),
            ("Date d'émission", "Issue date"),
            ("Échéance", "Due date"),
            ("Devise", "Currency"),
            ("Montant HT", "Amount excl. tax"),
            ("TVA", "Tax"),
            ("Montant TTC", "Amount incl. tax"),
            ("Payé", "Paid"),
            ("Avoirs", "Credited"),
            ("Reste dû", "Open balance"),
            ("Jours de retard", "Days late"),
            ("Antériorité", "Aging bucket"),
            ("Statut", "Status"),
        ],
    );
    for &id in ids {
        let Some(invoice) = ledger.invoice(id) else {
            continue;
        };
        let state: InvoiceState = match ledger.state_of(id, as_of) {
            Ok(state) => state,
            Err(error) => match money_error(error) {
                Some(error) => return Err(error),
                None => continue,
            },
        };
        let details = invoice.details();
        let amount = details.amount();
        let standing = state.standing();
        csv.text(invoice.number())
            .text(client_name(ledger, invoice.client()))
            .date(details.issue_date())
            .date(invoice.due_date())
            .text(invoice.currency().code())
            .money(amount.net())
            .money(amount.tax())
            .money(amount.gross());
        if standing == Standing::Draft {
            csv.empty().empty().empty();
        } else {
            csv.money(state.balance.paid)
                .money(state.balance.credited)
                .money(state.balance.open);
        }
        if state.is_overdue() {
            csv.integer(state.days_past_due);
        } else {
            csv.empty();
        }
        match aging.bucket_of(id) {
            Some(bucket) => csv.text(&bucket_word(bucket, lang)),
            None => csv.empty(),
        };
        csv.text(standing_word(standing, lang)).end_row();
    }
    Ok(csv.finish())
}

/// The payments of the invoices `invoices`, in that order, each invoice's by date: invoice
/// number, client, date, amount, currency, method, reference.
pub fn payments_csv(
    ledger: &Ledger,
    invoices: &[InvoiceId],
    dialect: CsvDialect,
    lang: Lang,
) -> String {
    let mut csv = CsvWriter::new(dialect);
    headings(
        &mut csv,
        lang,
        &[
            ("Numéro de facture", "Invoice number"),
            ("Client", "Client"),
            ("Date du paiement", "Payment date"),
            ("Montant", "Amount"),
            ("Devise", "Currency"),
            ("Moyen de paiement", "Payment method"),
            ("Référence", "Reference"),
        ],
    );
    for &id in invoices {
        let Some(invoice) = ledger.invoice(id) else {
            continue;
        };
        for payment in ledger.payments_of(id) {
            let details = payment.details();
            csv.text(invoice.number())
                .text(client_name(ledger, invoice.client()))
                .date(details.date())
                .money(details.amount())
                .text(details.amount().currency().code())
                .text(&details.method().describe(lang))
                .text(details.reference())
                .end_row();
        }
    }
    csv.finish()
}

/// The credit notes and adjustments of the invoices `invoices`, in that order, each
/// invoice's by date: invoice number, client, date, kind, amount, currency, reason.
pub fn credit_notes_csv(
    ledger: &Ledger,
    invoices: &[InvoiceId],
    dialect: CsvDialect,
    lang: Lang,
) -> String {
    let mut csv = CsvWriter::new(dialect);
    headings(
        &mut csv,
        lang,
        &[
            ("Numéro de facture", "Invoice number"),
            ("Client", "Client"),
            ("Date", "Date"),
            ("Type", "Kind"),
            ("Montant", "Amount"),
            ("Devise", "Currency"),
            ("Motif", "Reason"),
        ],
    );
    for &id in invoices {
        let Some(invoice) = ledger.invoice(id) else {
            continue;
        };
        for adjustment in ledger.adjustments_of(id) {
            let details = adjustment.details();
            let kind = match details.kind() {
                AdjustmentKind::CreditNote => say(lang, "Avoir", "Credit note"),
                AdjustmentKind::Adjustment => say(lang, "Ajustement", "Adjustment"),
            };
            csv.text(invoice.number())
                .text(client_name(ledger, invoice.client()))
                .date(details.date())
                .text(kind)
                .money(details.amount())
                .text(details.amount().currency().code())
                .text(details.reason())
                .end_row();
        }
    }
    csv.finish()
}

/// The aging report as of `as_of`: per client (by name) and currency, the open amount per
/// bucket and in total; then one total row per currency. Written-off invoices are not in it
/// (as in the report).
pub fn aging_csv(
    ledger: &Ledger,
    as_of: NaiveDate,
    bounds: &AgingBounds,
    dialect: CsvDialect,
    lang: Lang,
) -> Result<String, MoneyError> {
    let report = AgingReport::as_of(ledger, bounds, as_of)?;
    let mut csv = CsvWriter::new(dialect);
    let buckets: Vec<String> = report
        .buckets
        .iter()
        .map(|&bucket| bucket_word(bucket, lang))
        .collect();
    csv.text(say(lang, "Client", "Client"))
        .text(say(lang, "Devise", "Currency"))
        .texts(buckets.iter().map(String::as_str))
        .text(say(lang, "Total", "Total"))
        .end_row();
    let mut clients: Vec<(&str, ClientId)> = report
        .by_client
        .keys()
        .map(|&client| (client_name(ledger, client), client))
        .collect();
    clients.sort_by(|left, right| {
        left.0
            .to_lowercase()
            .cmp(&right.0.to_lowercase())
            .then(left.1.cmp(&right.1))
    });
    for (name, client) in clients {
        for (currency, totals) in report.by_client.get(&client).into_iter().flatten() {
            csv.text(name).text(currency.code());
            for &amount in &totals.buckets {
                csv.money(amount);
            }
            csv.money(totals.total).end_row();
        }
    }
    for (currency, totals) in &report.by_currency {
        csv.text(say(lang, "Total", "Total")).text(currency.code());
        for &amount in &totals.buckets {
            csv.money(amount);
        }
        csv.money(totals.total).end_row();
    }
    Ok(csv.finish())
}

/// The contact log, of one client or of all, by date: date, client, channel, step of the
/// dunning ladder, invoices concerned, summary.
pub fn contacts_csv(
    ledger: &Ledger,
    client: Option<ClientId>,
    dialect: CsvDialect,
    lang: Lang,
) -> String {
    let mut csv = CsvWriter::new(dialect);
    headings(
        &mut csv,
        lang,
        &[
            ("Date", "Date"),
            ("Client", "Client"),
            ("Canal", "Channel"),
            ("Étape", "Step"),
            ("Factures", "Invoices"),
            ("Résumé", "Summary"),
        ],
    );
    let mut entries: Vec<_> = ledger
        .contacts()
        .filter(|entry| client.is_none_or(|client| entry.client() == client))
        .collect();
    entries.sort_by_key(|entry| entry.date());
    for entry in entries {
        let details = entry.details();
        let invoices = details
            .invoices()
            .iter()
            .map(|&invoice| invoice_number(ledger, invoice))
            .collect::<Vec<_>>()
            .join(", ");
        csv.date(details.date())
            .text(client_name(ledger, details.client()))
            .text(&details.channel().describe(lang))
            .text(
                &details
                    .step()
                    .map(|step| step.describe(lang))
                    .unwrap_or_default(),
            )
            .text(&invoices)
            .text(details.summary())
            .end_row();
    }
    csv.finish()
}

/// Every invoice's current payment plan as of `as_of` (the latest agreed on or before it),
/// one row per installment: invoice, client, agreed on, installment number, due date,
/// amount, paid, remaining, currency, state, whether interest is frozen.
pub fn plans_csv(
    ledger: &Ledger,
    as_of: NaiveDate,
    dialect: CsvDialect,
    lang: Lang,
) -> Result<String, MoneyError> {
    let mut csv = CsvWriter::new(dialect);
    headings(
        &mut csv,
        lang,
        &[
            ("Numéro de facture", "Invoice number"),
            ("Client", "Client"),
            ("Échéancier convenu le", "Plan agreed on"),
            ("Échéance n°", "Installment no."),
            ("Date d'échéance", "Due date"),
            ("Montant", "Amount"),
            ("Payé", "Paid"),
            ("Reste dû", "Remaining"),
            ("Devise", "Currency"),
            ("État", "State"),
            ("Intérêts gelés", "Interest frozen"),
        ],
    );
    for invoice in ledger.invoices() {
        let state = match ledger.current_plan_state(invoice.id(), as_of) {
            Ok(Some(state)) => state,
            Ok(None) => continue,
            Err(error) => match money_error(error) {
                Some(error) => return Err(error),
                None => continue,
            },
        };
        let Some(plan) = ledger.plan(state.plan) else {
            continue;
        };
        let frozen = if plan.terms().freeze_interest() {
            say(lang, "Oui", "Yes")
        } else {
            say(lang, "Non", "No")
        };
        for installment in &state.installments {
            csv.text(invoice.number())
                .text(client_name(ledger, invoice.client()))
                .date(plan.terms().agreed_on())
                .integer(installment.installment.number)
                .date(installment.installment.due_date)
                .money(installment.installment.amount)
                .money(installment.paid)
                .money(installment.remaining)
                .text(installment.installment.amount.currency().code())
                .text(installment_word(installment.status, lang))
                .text(frozen)
                .end_row();
        }
    }
    Ok(csv.finish())
}

/// The clients `ids`, in that order, with their statistics as of `as_of`: name, country,
/// kind, e-mail, SIREN/VAT number, then per currency (those of the rows) what is open, what
/// is overdue and the DSO, then paid invoices, the on-time share, the grade and its reason.
pub fn clients_csv(
    ledger: &Ledger,
    ids: &[ClientId],
    as_of: NaiveDate,
    dialect: CsvDialect,
    lang: Lang,
) -> Result<String, MoneyError> {
    let statistics = ClientStatistics::for_all(ledger, as_of)?;
    let rows: Vec<_> = ids
        .iter()
        .filter_map(|id| ledger.client(*id).zip(statistics.get(id)))
        .collect();
    let mut currencies: Vec<Currency> = rows
        .iter()
        .flat_map(|(_, stats)| {
            stats
                .open
                .keys()
                .chain(stats.open_overdue.keys())
                .chain(stats.dso_days.keys())
                .copied()
        })
        .collect();
    currencies.sort();
    currencies.dedup();

    let mut csv = CsvWriter::new(dialect);
    csv.texts([
        say(lang, "Client", "Client"),
        say(lang, "Pays", "Country"),
        say(lang, "Type de client", "Client kind"),
        say(lang, "E-mail", "E-mail"),
        say(lang, "SIREN / n° de TVA", "SIREN / VAT number"),
    ]);
    for currency in &currencies {
        let code = currency.code();
        csv.text(&format!("{} {code}", say(lang, "Reste dû", "Open")))
            .text(&format!(
                "{} {code}",
                say(lang, "Dont en retard", "Of which overdue")
            ))
            .text(&format!(
                "{} {code}",
                say(lang, "DSO (jours)", "DSO (days)")
            ));
    }
    csv.texts([
        say(lang, "Factures payées", "Paid invoices"),
        say(lang, "Payées à l'échéance (%)", "Paid on time (%)"),
        say(lang, "Note", "Grade"),
        say(lang, "Raison de la note", "Reason for the grade"),
    ])
    .end_row();

    for (client, stats) in rows {
        let details = client.details();
        csv.text(client.name())
            .text(details.country().code())
            .text(kind_word(details.kind(), lang))
            .text(details.email().map_or("", |email| email.as_str()))
            .text(details.tax_id().map_or("", |tax_id| tax_id.as_str()));
        for &currency in &currencies {
            let zero = crate::domain::Money::new(rust_decimal::Decimal::ZERO, currency);
            csv.money(stats.open.get(&currency).copied().unwrap_or(zero))
                .money(stats.open_overdue.get(&currency).copied().unwrap_or(zero));
            match stats.dso_days.get(&currency) {
                Some(&days) => csv.number(days),
                None => csv.empty(),
            };
        }
        csv.integer(stats.paid_invoices);
        match stats.on_time_percent {
            Some(percent) => csv.number(percent),
            None => csv.empty(),
        };
        csv.text(&stats.grade.letter().to_string())
            .text(&stats.reason.describe(lang))
            .end_row();
    }
    Ok(csv.finish())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::demo::add_demo;
    use crate::domain::test_support::Books;
    use crate::domain::{AdjustmentDetails, Money};
    use crate::export::csv::needs_neutralising;

    /// A file re-read by the `csv` crate: whether it starts with a byte-order mark, and its
    /// rows (every row as long as the headings: the reader is not flexible).
    fn read(text: &str, dialect: CsvDialect) -> (bool, Vec<Vec<String>>) {
        let bom = text.starts_with('\u{feff}');
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        assert!(!body.contains('\u{feff}'), "one byte-order mark at most");
        assert_eq!(
            body.matches('\n').count(),
            body.matches("\r\n").count(),
            "lines end with CRLF"
        );
        let mut reader = ::csv::ReaderBuilder::new()
            .delimiter(dialect.separator() as u8)
            .has_headers(false)
            .from_reader(body.as_bytes());
        let rows = reader
            .records()
            .map(|record| match record {
                Ok(record) => record.iter().map(str::to_string).collect(),
                Err(error) => panic!("{error}: {body}"),
            })
            .collect();
        (bom, rows)
    }

    /// An amount cell back to a decimal, through the dialect's decimal mark, never a float.
    fn amount(cell: &str, dialect: CsvDialect) -> Decimal {
        let (mark, other) = if dialect.decimal_comma() {
            (',', '.')
        } else {
            ('.', ',')
        };
        assert!(!cell.contains(other), "{cell:?} has the other decimal mark");
        match Decimal::from_str_exact(&cell.replace(mark, ".")) {
            Ok(value) => value,
            Err(error) => panic!("{cell:?} is not a number: {error}"),
        }
    }

    fn day(cell: &str, dialect: CsvDialect) -> NaiveDate {
        let format = if dialect.decimal_comma() {
            "%d/%m/%Y"
        } else {
            "%Y-%m-%d"
        };
        assert_eq!(cell.len(), 10, "{cell:?}");
        match NaiveDate::parse_from_str(cell, format) {
            Ok(date) => date,
            Err(error) => panic!("{cell:?} is not a {format} date: {error}"),
        }
    }

    fn cell(row: &[String], column: usize) -> &str {
        row.get(column)
            .map_or_else(|| panic!("no column {column}"), String::as_str)
    }

    const TODAY: &str = "2026-12-07";

    fn demo(today: NaiveDate) -> Ledger {
        let mut ledger = Ledger::new();
        let added = add_demo(&mut ledger, today);
        assert!(added.is_ok(), "{added:?}");
        ledger
    }

    fn every_invoice(ledger: &Ledger) -> Vec<InvoiceId> {
        ledger.invoices().map(|invoice| invoice.id()).collect()
    }

    fn cases() -> impl Iterator<Item = (CsvDialect, Lang)> {
        CsvDialect::ALL
            .into_iter()
            .flat_map(|dialect| Lang::ALL.map(|lang| (dialect, lang)))
    }

    fn invoices_file(
        ledger: &Ledger,
        ids: &[InvoiceId],
        as_of: NaiveDate,
        dialect: CsvDialect,
        lang: Lang,
    ) -> Vec<Vec<String>> {
        let text = invoices_csv(ledger, ids, as_of, &AgingBounds::default(), dialect, lang);
        let Ok(text) = text else { panic!("{text:?}") };
        let (bom, rows) = read(&text, dialect);
        assert_eq!(bom, dialect == CsvDialect::ExcelFrance, "{text}");
        rows
    }

    #[test]
    fn every_invoice_of_the_demo_exports_with_the_domain_figures() {
        let as_of = date(TODAY);
        let ledger = demo(as_of);
        let aging = AgingReport::as_of(&ledger, &AgingBounds::default(), as_of).unwrap();
        for (dialect, lang) in cases() {
            let ids = every_invoice(&ledger);
            let rows = invoices_file(&ledger, &ids, as_of, dialect, lang);
            assert_eq!(rows.len(), 1 + ids.len());
            let heading = if lang == Lang::Fr {
                "Reste dû"
            } else {
                "Open balance"
            };
            assert_eq!(rows.first().map(|row| cell(row, 10)), Some(heading));
            let mut overdue = 0;
            for (row, id) in rows.iter().skip(1).zip(&ids) {
                let invoice = ledger.invoice(*id).unwrap();
                let state = ledger.state_of(*id, as_of).unwrap();
                let amounts = invoice.details().amount();
                assert_eq!(cell(row, 0), invoice.number());
                assert_eq!(day(cell(row, 2), dialect), invoice.details().issue_date());
                assert_eq!(day(cell(row, 3), dialect), invoice.due_date());
                assert_eq!(cell(row, 4), invoice.currency().code());
                assert_eq!(amount(cell(row, 5), dialect), amounts.net().amount());
                assert_eq!(amount(cell(row, 6), dialect), amounts.tax().amount());
                assert_eq!(amount(cell(row, 7), dialect), amounts.gross().amount());
                if state.standing() == Standing::Draft {
                    assert_eq!(&row[8..11], ["", "", ""]);
                } else {
                    assert_eq!(amount(cell(row, 8), dialect), state.balance.paid.amount());
                    assert_eq!(
                        amount(cell(row, 9), dialect),
                        state.balance.credited.amount()
                    );
                    assert_eq!(amount(cell(row, 10), dialect), state.balance.open.amount());
                }
                if state.is_overdue() {
                    overdue += 1;
                    assert_eq!(cell(row, 11), state.days_past_due.to_string());
                } else {
                    assert_eq!(cell(row, 11), "");
                }
                let bucket = aging.bucket_of(*id).map(|bucket| bucket_word(bucket, lang));
                assert_eq!(cell(row, 12), bucket.unwrap_or_default());
                assert_eq!(cell(row, 13), standing_word(state.standing(), lang));
            }
            assert!(overdue >= 4, "the demo has overdue invoices: {overdue}");
        }
    }

    #[test]
    fn the_invoices_come_in_the_order_given_and_only_those() {
        let as_of = date(TODAY);
        let ledger = demo(as_of);
        let mut ids = every_invoice(&ledger);
        ids.reverse();
        ids.truncate(5);
        ids.push(InvoiceId::from_raw(999_999));
        let rows = invoices_file(&ledger, &ids, as_of, CsvDialect::Standard, Lang::En);
        let numbers: Vec<&str> = rows.iter().skip(1).map(|row| cell(row, 0)).collect();
        let expected: Vec<&str> = ids
            .iter()
            .filter_map(|id| ledger.invoice(*id))
            .map(|invoice| invoice.number())
            .collect();
        assert_eq!(numbers, expected);
        assert_eq!(numbers.len(), 5);
    }

    #[test]
    fn payments_and_credit_notes_export_one_row_each_with_their_amounts() {
        let as_of = date(TODAY);
        let ledger = demo(as_of);
        let ids = every_invoice(&ledger);
        for (dialect, lang) in cases() {
            let (bom, rows) = read(&payments_csv(&ledger, &ids, dialect, lang), dialect);
            assert_eq!(bom, dialect.has_bom());
            let payments: Vec<_> = ids.iter().flat_map(|id| ledger.payments_of(*id)).collect();
            assert!(payments.len() > 5);
            assert_eq!(rows.len(), 1 + payments.len());
            for (row, payment) in rows.iter().skip(1).zip(payments) {
                assert_eq!(cell(row, 0), invoice_number(&ledger, payment.invoice()));
                assert_eq!(day(cell(row, 2), dialect), payment.date());
                assert_eq!(amount(cell(row, 3), dialect), payment.amount().amount());
                assert_eq!(cell(row, 4), payment.amount().currency().code());
                assert_eq!(cell(row, 5), payment.details().method().describe(lang));
            }
            let (_, rows) = read(&credit_notes_csv(&ledger, &ids, dialect, lang), dialect);
            let credits: Vec<_> = ids
                .iter()
                .flat_map(|id| ledger.adjustments_of(*id))
                .collect();
            assert_eq!(rows.len(), 1 + credits.len());
            for (row, credit) in rows.iter().skip(1).zip(credits) {
                assert_eq!(day(cell(row, 2), dialect), credit.date());
                assert_eq!(amount(cell(row, 4), dialect), credit.amount().amount());
                assert_eq!(cell(row, 6), credit.details().reason());
            }
        }
    }

    #[test]
    fn a_credit_note_exports_with_its_reason() {
        let mut books = Books::new();
        let client = books.client("Durand", "FR");
        let invoice = books.invoice("F-1", client, "2026-01-10", "1200.00", "EUR");
        let credit = AdjustmentDetails::new(
            invoice,
            AdjustmentKind::CreditNote,
            date("2026-02-01"),
            Money::new(dec!(200.50), Currency::Eur),
            "-remise; \"geste\"",
        )
        .unwrap();
        books.ledger.add_adjustment(credit).unwrap();
        let text = credit_notes_csv(&books.ledger, &[invoice], CsvDialect::ExcelFrance, Lang::Fr);
        let (_, rows) = read(&text, CsvDialect::ExcelFrance);
        assert_eq!(
            rows.get(1).map(Vec::as_slice),
            Some(
                [
                    "F-1",
                    "Durand",
                    "01/02/2026",
                    "Avoir",
                    "200,50",
                    "EUR",
                    "'-remise; \"geste\""
                ]
                .map(String::from)
                .as_slice()
            )
        );
    }

    #[test]
    fn the_aging_file_adds_up_to_the_report_per_client_and_currency() {
        let as_of = date(TODAY);
        let ledger = demo(as_of);
        let bounds = AgingBounds::default();
        let report = AgingReport::as_of(&ledger, &bounds, as_of).unwrap();
        for (dialect, lang) in cases() {
            let text = aging_csv(&ledger, as_of, &bounds, dialect, lang).unwrap();
            let (_, rows) = read(&text, dialect);
            let client_rows: usize = report.by_client.values().map(BTreeMap::len).sum();
            assert_eq!(rows.len(), 1 + client_rows + report.by_currency.len());
            let width = report.buckets.len() + 3;
            assert!(rows.iter().all(|row| row.len() == width));
            let total = say(lang, "Total", "Total");
            let mut summed: BTreeMap<String, Vec<Decimal>> = BTreeMap::new();
            for row in rows.iter().skip(1).take(client_rows) {
                let sums = summed
                    .entry(cell(row, 1).to_string())
                    .or_insert_with(|| vec![Decimal::ZERO; width - 2]);
                for (sum, value) in sums.iter_mut().zip(&row[2..]) {
                    *sum += amount(value, dialect);
                }
            }
            for row in rows.iter().skip(1 + client_rows) {
                assert_eq!(cell(row, 0), total);
                let currency = Currency::from_code(cell(row, 1)).unwrap();
                let totals = report.by_currency.get(&currency).unwrap();
                let expected: Vec<Decimal> = totals
                    .buckets
                    .iter()
                    .chain([&totals.total])
                    .map(|money| money.amount())
                    .collect();
                let parsed: Vec<Decimal> = row[2..]
                    .iter()
                    .map(|value| amount(value, dialect))
                    .collect();
                assert_eq!(parsed, expected);
                assert_eq!(summed.get(currency.code()), Some(&expected));
            }
        }
    }

    #[test]
    fn the_contact_log_exports_every_entry_or_one_clients() {
        let as_of = date(TODAY);
        let ledger = demo(as_of);
        for (dialect, lang) in cases() {
            let (_, rows) = read(&contacts_csv(&ledger, None, dialect, lang), dialect);
            assert_eq!(rows.len(), 1 + ledger.contacts().count());
            let dates: Vec<NaiveDate> = rows
                .iter()
                .skip(1)
                .map(|row| day(cell(row, 0), dialect))
                .collect();
            assert!(dates.is_sorted());
            let client = ledger.contacts().next().unwrap().client();
            let (_, rows) = read(&contacts_csv(&ledger, Some(client), dialect, lang), dialect);
            assert_eq!(rows.len(), 1 + ledger.contacts_of_client(client).count());
            let name = client_name(&ledger, client);
            assert!(rows.iter().skip(1).all(|row| cell(row, 1) == name));
        }
    }

    #[test]
    fn plans_export_one_row_per_installment_adding_up_to_the_plan() {
        let as_of = date(TODAY);
        let ledger = demo(as_of);
        for (dialect, lang) in cases() {
            let (_, rows) = read(&plans_csv(&ledger, as_of, dialect, lang).unwrap(), dialect);
            let states: Vec<_> = ledger
                .invoices()
                .filter_map(|invoice| ledger.current_plan_state(invoice.id(), as_of).unwrap())
                .collect();
            assert!(states.len() >= 2, "the demo has plans");
            let installments: usize = states.iter().map(|state| state.installments.len()).sum();
            assert_eq!(rows.len(), 1 + installments);
            for state in &states {
                let plan = ledger.plan(state.plan).unwrap();
                let number = invoice_number(&ledger, state.invoice);
                let mine: Vec<_> = rows.iter().filter(|row| cell(row, 0) == number).collect();
                let total: Decimal = mine.iter().map(|row| amount(cell(row, 5), dialect)).sum();
                assert_eq!(total, plan.balance().amount());
                for row in mine {
                    let paid = amount(cell(row, 6), dialect);
                    let remaining = amount(cell(row, 7), dialect);
                    assert_eq!(paid + remaining, amount(cell(row, 5), dialect));
                    assert_eq!(day(cell(row, 2), dialect), plan.terms().agreed_on());
                }
            }
            let missed = installment_word(InstallmentStatus::Missed, lang);
            assert!(
                rows.iter().any(|row| cell(row, 9) == missed),
                "the demo's broken plan"
            );
        }
    }

    #[test]
    fn clients_export_with_their_statistics() {
        let as_of = date(TODAY);
        let ledger = demo(as_of);
        let statistics = ClientStatistics::for_all(&ledger, as_of).unwrap();
        let ids: Vec<ClientId> = ledger.clients().map(|client| client.id()).collect();
        for (dialect, lang) in cases() {
            let text = clients_csv(&ledger, &ids, as_of, dialect, lang).unwrap();
            let (_, rows) = read(&text, dialect);
            assert_eq!(rows.len(), 1 + ids.len());
            let headings = rows.first().unwrap();
            let column = |name: &str| {
                headings
                    .iter()
                    .position(|heading| heading == name)
                    .unwrap_or_else(|| panic!("no {name} in {headings:?}"))
            };
            let open_eur = column(&format!("{} EUR", say(lang, "Reste dû", "Open")));
            let open_gbp = column(&format!("{} GBP", say(lang, "Reste dû", "Open")));
            let grade = column(say(lang, "Note", "Grade"));
            for (row, id) in rows.iter().skip(1).zip(&ids) {
                let stats = statistics.get(id).unwrap();
                assert_eq!(cell(row, 0), client_name(&ledger, *id));
                for (index, currency) in [(open_eur, Currency::Eur), (open_gbp, Currency::Gbp)] {
                    let expected = stats
                        .open
                        .get(&currency)
                        .map_or(Decimal::ZERO, |m| m.amount());
                    assert_eq!(amount(cell(row, index), dialect), expected);
                }
                assert_eq!(cell(row, grade), stats.grade.letter().to_string());
                assert_eq!(cell(row, grade + 1), stats.reason.describe(lang));
            }
        }
    }

    #[test]
    fn formula_like_text_is_neutralised_in_every_table_and_numbers_stay_numbers() {
        let names = ["=HYPERLINK(\"http://x\")", " +1", "-cmd", "@SUM(1)"];
        let mut books = Books::new();
        let mut ids = Vec::new();
        for (index, name) in names.iter().enumerate() {
            let client = books.client(name, "FR");
            let number = format!("=F{index}");
            let invoice = books.invoice(&number, client, "2026-01-10", "100.10", "EUR");
            books.pay(invoice, "2026-01-20", dec!(10.05), Currency::Eur);
            ids.push(invoice);
        }
        let as_of = date("2026-06-30");
        let clients: Vec<ClientId> = books.ledger.clients().map(|client| client.id()).collect();
        for (dialect, lang) in cases() {
            let invoices = invoices_csv(
                &books.ledger,
                &ids,
                as_of,
                &AgingBounds::default(),
                dialect,
                lang,
            )
            .unwrap();
            let files = [
                invoices,
                payments_csv(&books.ledger, &ids, dialect, lang),
                clients_csv(&books.ledger, &clients, as_of, dialect, lang).unwrap(),
                aging_csv(&books.ledger, as_of, &AgingBounds::default(), dialect, lang).unwrap(),
            ];
            for text in &files {
                for name in names {
                    // Trimmed by the domain, then quoted and led by an apostrophe.
                    let written = format!("\"'{}\"", name.trim().replace('"', "\"\""));
                    assert!(text.contains(&written), "{written} in {text}");
                }
                let (_, rows) = read(text, dialect);
                for row in &rows {
                    for value in row {
                        assert!(!needs_neutralising(value), "{value:?} in {row:?}");
                    }
                }
            }
        }
        // Tab- and CR-led text (the domain trims names; a stored text may still hold them).
        for dialect in CsvDialect::ALL {
            let mut csv = CsvWriter::new(dialect);
            csv.text("\tTab")
                .text("\rCR")
                .text("  =1+1")
                .money(Money::new(dec!(-12.50), Currency::Eur))
                .end_row();
            let text = csv.finish();
            let (_, rows) = read(&text, dialect);
            let row = rows.first().unwrap();
            assert_eq!(&row[..3], ["'\tTab", "'\rCR", "'  =1+1"]);
            assert_eq!(amount(cell(row, 3), dialect), dec!(-12.50));
            let separator = dialect.separator();
            let negative = if dialect.decimal_comma() {
                "-12,50"
            } else {
                "-12.50"
            };
            assert!(
                text.ends_with(&format!("{separator}{negative}\r\n")),
                "a negative amount is a bare number: {text:?}"
            );
        }
    }

    #[test]
    fn file_names_are_ascii_and_dated() {
        let as_of = date(TODAY);
        assert_eq!(
            file_name(ExportTable::Invoices, as_of, CsvDialect::ExcelFrance),
            "relance-factures-2026-12-07.csv"
        );
        assert_eq!(
            file_name(ExportTable::Invoices, as_of, CsvDialect::Standard),
            "relance-invoices-2026-12-07.csv"
        );
        for table in ExportTable::ALL {
            for dialect in CsvDialect::ALL {
                let name = file_name(table, as_of, dialect);
                assert!(name.is_ascii() && !name.contains(' '), "{name}");
            }
        }
    }

    /// The open balances per currency: from the file's open column, and from the domain.
    fn open_totals(rows: &[Vec<String>], dialect: CsvDialect) -> BTreeMap<String, Decimal> {
        let mut totals = BTreeMap::new();
        for row in rows.iter().skip(1) {
            let open = cell(row, 10);
            if !open.is_empty() {
                *totals
                    .entry(cell(row, 4).to_string())
                    .or_insert(Decimal::ZERO) += amount(open, dialect);
            }
        }
        totals
    }

    fn domain_open_totals(ledger: &Ledger, as_of: NaiveDate) -> BTreeMap<String, Decimal> {
        let mut totals = BTreeMap::new();
        for invoice in ledger.invoices() {
            let state = ledger.state_of(invoice.id(), as_of).unwrap();
            if state.standing() != Standing::Draft {
                *totals
                    .entry(invoice.currency().code().to_string())
                    .or_insert(Decimal::ZERO) += state.balance.open.amount();
            }
        }
        totals
    }

    /// A client name of letters, spaces and the characters a formula starts with.
    fn a_name() -> impl Strategy<Value = String> {
        "[ =+@a-zé;,\"-]{0,12}[A-Za-z]".prop_map(|name| name)
    }

    #[derive(Debug, Clone)]
    struct RandomInvoice {
        client: usize,
        issued_days: i64,
        cents: i64,
        gbp: bool,
        draft: bool,
        payments: Vec<(i64, i64)>,
    }

    fn an_invoice() -> impl Strategy<Value = RandomInvoice> {
        (
            0usize..4,
            0i64..400,
            1i64..10_000_000,
            any::<bool>(),
            prop::bool::weighted(0.1),
            prop::collection::vec((0i64..200, 1i64..5_000_000), 0..3),
        )
            .prop_map(
                |(client, issued_days, cents, gbp, draft, payments)| RandomInvoice {
                    client,
                    issued_days,
                    cents,
                    gbp,
                    draft,
                    payments,
                },
            )
    }

    fn build(names: &[String], invoices: &[RandomInvoice]) -> Ledger {
        let start = date("2025-01-01");
        let at = |days: i64| crate::domain::calendar::add_days(start, days).unwrap();
        let mut books = Books::new();
        let clients: Vec<ClientId> = names.iter().map(|name| books.client(name, "FR")).collect();
        for (index, invoice) in invoices.iter().enumerate() {
            let client = clients[invoice.client % clients.len()];
            let currency = if invoice.gbp { "GBP" } else { "EUR" };
            let amount = Decimal::new(invoice.cents, 2).to_string();
            let issued = at(invoice.issued_days).to_string();
            let number = format!("F-{index:04}");
            let draft = Books::draft_of(&number, client, &issued, &amount, currency);
            if invoice.draft {
                books.add(&draft, crate::domain::InvoiceStatus::Draft);
                continue;
            }
            let id = books.add(&draft, crate::domain::InvoiceStatus::Sent);
            for &(after, cents) in &invoice.payments {
                let currency = if invoice.gbp {
                    Currency::Gbp
                } else {
                    Currency::Eur
                };
                let day = at(invoice.issued_days + after).to_string();
                books.pay(id, &day, Decimal::new(cents, 2), currency);
            }
        }
        books.ledger
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn any_ledger_exports_every_invoice_and_the_same_open_totals(
            names in prop::collection::vec(a_name(), 1..4),
            invoices in prop::collection::vec(an_invoice(), 0..25),
            as_of_days in 0i64..800,
        ) {
            let ledger = build(&names, &invoices);
            let as_of = crate::domain::calendar::add_days(date("2025-01-01"), as_of_days).unwrap();
            let ids = every_invoice(&ledger);
            let expected = domain_open_totals(&ledger, as_of);
            for (dialect, lang) in cases() {
                let rows = invoices_file(&ledger, &ids, as_of, dialect, lang);
                prop_assert_eq!(rows.len(), 1 + invoices.len());
                prop_assert_eq!(&open_totals(&rows, dialect), &expected);
                for (row, id) in rows.iter().skip(1).zip(&ids) {
                    let client = ledger.invoice(*id).map(|invoice| invoice.client());
                    let name = client.map_or("", |client| client_name(&ledger, client));
                    let shown = cell(row, 1);
                    prop_assert_eq!(shown.strip_prefix('\'').unwrap_or(shown), name);
                }
            }
        }

        #[test]
        fn the_demo_exports_the_same_open_totals_on_any_day(offset in -3000i64..3000) {
            let today = crate::domain::calendar::add_days(date(TODAY), offset).unwrap();
            let ledger = demo(today);
            let ids = every_invoice(&ledger);
            for as_of in [today, crate::domain::calendar::add_days(today, 45).unwrap()] {
                let expected = domain_open_totals(&ledger, as_of);
                for (dialect, lang) in cases() {
                    let rows = invoices_file(&ledger, &ids, as_of, dialect, lang);
                    prop_assert_eq!(rows.len(), 1 + ids.len());
                    prop_assert_eq!(&open_totals(&rows, dialect), &expected);
                }
            }
        }
    }
}
