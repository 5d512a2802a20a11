//! The invoices list as a pure view-model (no Leptos; tested natively).
//!
//! [`build_rows`] makes one [`Row`] per invoice as of a date, from the ledger and its reports
//! (`Ledger::state_of`, `AgingReport`, `DunningReport`): the page builds them once per change of
//! the ledger or of the date. [`select`] then filters, searches, sorts and pages them, cheaply
//! enough for every keystroke over 10,000 invoices (the search text of each row is folded once,
//! in `build_rows`). [`ListQuery`] is the list's state in the URL (`#/invoices?status=overdue&…`):
//! reading it never fails, what it does not understand is left out and said ([`QueryProblem`]).
//!
//! Link format: `status=<code>` (repeatable), `client=<id>`, `bucket=<code>` (`not-yet-due`,
//! `1-30`, `31-60`, `61-90`, `over-90`), `from=` / `to=` (issue dates, ISO), `q=<text>`,
//! `sort=<column>`, `dir=asc|desc`, `page=<n>` (from 1), `as_of=<ISO date>`.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::Standing;
use crate::domain::calendar::iso_date;
use crate::domain::{
    AgingBounds, AgingReport, Bucket, ClientId, Currency, DunningHold, DunningPolicy,
    DunningReport, InvoiceId, InvoiceState, InvoiceStatus, Ledger, Money, NextStep,
};
use crate::i18n::{Describe, Lang};
use crate::routes::Query;

/// The most rows shown at once.
pub const PAGE_SIZE: usize = 50;

/// Where an invoice stands, as the list shows it: the stored status, or what dates and
/// payments make of it (one per invoice, the most telling first: a disputed invoice is
/// "disputed" even when late; a late one with a partial payment is "overdue").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowStatus {
    Draft,
    Sent,
    PartiallyPaid,
    Overdue,
    Paid,
    Disputed,
    WrittenOff,
}

impl RowStatus {
    pub const ALL: [RowStatus; 7] = [
        RowStatus::Draft,
        RowStatus::Sent,
        RowStatus::PartiallyPaid,
        RowStatus::Overdue,
        RowStatus::Paid,
        RowStatus::Disputed,
        RowStatus::WrittenOff,
    ];

    /// The code of links and test hooks: `draft`, `sent`, `partially-paid`, `overdue`, `paid`,
    /// `disputed`, `written-off`.
    pub fn code(self) -> &'static str {
        match self {
            RowStatus::Draft => "draft",
            RowStatus::Sent => "sent",
            RowStatus::PartiallyPaid => "partially-paid",
            RowStatus::Overdue => "overdue",
            RowStatus::Paid => "paid",
            RowStatus::Disputed => "disputed",
            RowStatus::WrittenOff => "written-off",
        }
    }

    pub fn from_code(code: &str) -> Option<RowStatus> {
        RowStatus::ALL
            .into_iter()
            .find(|status| status.code() == code.trim())
    }

    /// The list's status of an invoice in `state`.
    pub fn of(state: &InvoiceState) -> RowStatus {
        match state.standing() {
            Standing::Draft => RowStatus::Draft,
            Standing::WrittenOff => RowStatus::WrittenOff,
            Standing::Disputed => RowStatus::Disputed,
            Standing::Paid => RowStatus::Paid,
            Standing::Overdue => RowStatus::Overdue,
            Standing::PartiallyPaid => RowStatus::PartiallyPaid,
            Standing::NotDue => RowStatus::Sent,
        }
    }
}

/// The code of an aging bucket in links: `not-yet-due`, `1-30`, `over-90`.
pub fn bucket_code(bucket: Bucket) -> String {
    match bucket {
        Bucket::NotYetDue => "not-yet-due".to_string(),
        Bucket::Range { from, to } => format!("{from}-{to}"),
        Bucket::Over { after } => format!("over-{after}"),
    }
}

/// One invoice as the list shows it, as of the rows' date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: InvoiceId,
    pub number: String,
    pub client: ClientId,
    pub client_name: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    /// The invoiced amount, tax included.
    pub amount: Money,
    /// What is left to pay; `None` for a draft (not owed).
    pub open: Option<Money>,
    /// Days past the due date while it is overdue.
    pub days_late: Option<i64>,
    /// Index into [`Rows::buckets`], for owed invoices with an open balance.
    pub bucket: Option<usize>,
    pub status: RowStatus,
    /// The next step of the dunning ladder and its date.
    pub next_step: Option<NextStep>,
    pub hold: Option<DunningHold>,
    /// Number, client name and notes, folded for the search ([`fold`]).
    search_text: String,
    /// The number and the client's name folded, for sorting.
    number_key: String,
    client_key: String,
}

impl Row {
    /// Whether the open balance counts in the totals: only what is owed (sent or disputed).
    fn counts_open(&self) -> bool {
        !matches!(self.status, RowStatus::Draft | RowStatus::WrittenOff)
    }
}

/// A bucket's link code read back (see [`bucket_code`]), whatever the bounds: the user sets
/// them in Settings, so a link may name a bucket the default bounds do not have.
pub fn bucket_of_code(code: &str) -> Option<Bucket> {
    let code = code.trim();
    if code == "not-yet-due" {
        return Some(Bucket::NotYetDue);
    }
    let number = |text: &str| {
        (!text.is_empty() && text.len() <= 9 && text.bytes().all(|byte| byte.is_ascii_digit()))
            .then(|| text.parse::<u32>().ok())
            .flatten()
    };
    if let Some(after) = code.strip_prefix("over-") {
        return number(after).map(|after| Bucket::Over { after });
    }
    let (from, to) = code.split_once('-')?;
    let (from, to) = (number(from)?, number(to)?);
    (from >= 1 && from <= to).then_some(Bucket::Range { from, to })
}

/// Every invoice of the ledger as a row, in invoice-id order, as of `as_of`, with the default
/// ladder and buckets (see [`build_rows_with`] for the user's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rows {
    pub as_of: NaiveDate,
    pub buckets: Vec<Bucket>,
    pub rows: Vec<Row>,
    /// The clients, by name, for the filter.
    pub clients: Vec<(ClientId, String)>,
}

/// The rows of every invoice as of `as_of` (one pass for each report).
pub fn build_rows(ledger: &Ledger, as_of: NaiveDate) -> Rows {
    build_rows_with(
        ledger,
        as_of,
        &DunningPolicy::default(),
        &AgingBounds::default(),
    )
}

/// The rows of every invoice as of `as_of`, with the user's dunning `policy` and aging
/// `bounds` (Settings).
pub fn build_rows_with(
    ledger: &Ledger,
    as_of: NaiveDate,
    policy: &DunningPolicy,
    bounds: &AgingBounds,
) -> Rows {
    // An overflow in a report is impossible within the amounts the ledger accepts; were it
    // to happen, the list still shows every invoice, without buckets or steps.
    let aging = AgingReport::as_of(ledger, bounds, as_of).ok();
    let dunning = DunningReport::as_of(ledger, policy, as_of).ok();
    let mut clients: Vec<(ClientId, String)> = ledger
        .clients()
        .map(|client| (client.id(), client.name().to_string()))
        .collect();
    clients.sort_by(|left, right| natural_cmp(&fold(&left.1), &fold(&right.1)));
    let rows = ledger
        .invoices()
        .map(|invoice| {
            let id = invoice.id();
            let client_name = ledger
                .client(invoice.client())
                .map(|client| client.name().to_string())
                .unwrap_or_default();
            let state = ledger.state_of(id, as_of).ok();
            let status = state.as_ref().map_or(
                match invoice.status() {
                    InvoiceStatus::Draft => RowStatus::Draft,
                    InvoiceStatus::Sent => RowStatus::Sent,
                    InvoiceStatus::Disputed => RowStatus::Disputed,
                    InvoiceStatus::WrittenOff => RowStatus::WrittenOff,
                },
                RowStatus::of,
            );
            let open = match (status, state) {
                (RowStatus::Draft, _) | (_, None) => None,
                (_, Some(state)) => Some(state.balance.open),
            };
            let days_late = state
                .filter(InvoiceState::is_overdue)
                .map(|state| state.days_past_due);
            let bucket = aging
                .as_ref()
                .and_then(|aging| aging.line(id))
                .map(|line| line.bucket);
            let dunning_line = dunning.as_ref().and_then(|dunning| dunning.line(id));
            let notes = invoice.details().notes();
            let search_text = fold(&format!("{}\n{client_name}\n{notes}", invoice.number()));
            Row {
                id,
                number: invoice.number().to_string(),
                client: invoice.client(),
                issue_date: invoice.details().issue_date(),
                due_date: invoice.due_date(),
                amount: invoice.gross(),
                open,
                days_late,
                bucket,
                status,
                next_step: dunning_line.and_then(|line| line.next),
                hold: dunning_line.and_then(|line| line.hold),
                search_text,
                number_key: fold(invoice.number()),
                client_key: fold(&client_name),
                client_name,
            }
        })
        .collect();
    Rows {
        as_of,
        buckets: bounds.buckets(),
        rows,
        clients,
    }
}

pub use crate::ui::components::search::fold;
use crate::ui::components::search::holds;

/// Compares two texts with their digit runs as numbers (`F-9` before `F-10`, `F-010` equal
/// in rank to `F-10` then by text), everything else by character.
pub fn natural_cmp(left: &str, right: &str) -> Ordering {
    let mut left_chars = left.char_indices().peekable();
    let mut right_chars = right.char_indices().peekable();
    loop {
        match (left_chars.peek().copied(), right_chars.peek().copied()) {
            (None, None) => return left.cmp(right),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some((left_start, left_char)), Some((right_start, right_char)))
                if left_char.is_ascii_digit() && right_char.is_ascii_digit() =>
            {
                let left_run = digit_run(left, left_start);
                let right_run = digit_run(right, right_start);
                let left_value = left_run.trim_start_matches('0');
                let right_value = right_run.trim_start_matches('0');
                let by_value = left_value
                    .len()
                    .cmp(&right_value.len())
                    .then_with(|| left_value.cmp(right_value));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                for _ in 0..left_run.len() {
                    left_chars.next();
                }
                for _ in 0..right_run.len() {
                    right_chars.next();
                }
            }
            (Some((_, left_char)), Some((_, right_char))) => {
                if left_char != right_char {
                    return left_char.cmp(&right_char);
                }
                left_chars.next();
                right_chars.next();
            }
        }
    }
}

/// The ASCII digits of `text` from byte `start` on.
fn digit_run(text: &str, start: usize) -> &str {
    let rest = text.get(start..).unwrap_or_default();
    let end = rest
        .find(|character: char| !character.is_ascii_digit())
        .unwrap_or(rest.len());
    rest.get(..end).unwrap_or_default()
}

/// A column to sort by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortKey {
    Number,
    Client,
    Issue,
    Due,
    Amount,
    Open,
    DaysLate,
    Bucket,
    Status,
    NextStep,
}

impl SortKey {
    pub const ALL: [SortKey; 10] = [
        SortKey::Number,
        SortKey::Client,
        SortKey::Issue,
        SortKey::Due,
        SortKey::Amount,
        SortKey::Open,
        SortKey::DaysLate,
        SortKey::Bucket,
        SortKey::Status,
        SortKey::NextStep,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SortKey::Number => "number",
            SortKey::Client => "client",
            SortKey::Issue => "issue",
            SortKey::Due => "due",
            SortKey::Amount => "amount",
            SortKey::Open => "open",
            SortKey::DaysLate => "late",
            SortKey::Bucket => "bucket",
            SortKey::Status => "status",
            SortKey::NextStep => "next",
        }
    }

    pub fn from_code(code: &str) -> Option<SortKey> {
        SortKey::ALL
            .into_iter()
            .find(|key| key.code() == code.trim())
    }

    /// Compares two rows on this column, ascending. Amounts compare by currency first (two
    /// currencies are not comparable as numbers), rows without a value come first.
    fn compare(self, left: &Row, right: &Row) -> Ordering {
        let money = |amount: &Money| (amount.currency(), amount.amount());
        match self {
            SortKey::Number => natural_cmp(&left.number_key, &right.number_key),
            SortKey::Client => natural_cmp(&left.client_key, &right.client_key),
            SortKey::Issue => left.issue_date.cmp(&right.issue_date),
            SortKey::Due => left.due_date.cmp(&right.due_date),
            SortKey::Amount => money(&left.amount).cmp(&money(&right.amount)),
            SortKey::Open => left
                .open
                .as_ref()
                .map(money)
                .cmp(&right.open.as_ref().map(money)),
            SortKey::DaysLate => left.days_late.cmp(&right.days_late),
            SortKey::Bucket => left.bucket.cmp(&right.bucket),
            SortKey::Status => left.status.cmp(&right.status),
            SortKey::NextStep => left
                .next_step
                .map(|next| next.date)
                .cmp(&right.next_step.map(|next| next.date)),
        }
    }
}

pub use crate::ui::components::sort::Direction;

/// The list's filter, search, sort and page: what the URL holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListQuery {
    /// Shown statuses; empty: all.
    pub statuses: Vec<RowStatus>,
    pub client: Option<ClientId>,
    pub bucket: Option<Bucket>,
    /// Issue dates from and to, both included.
    pub issued_from: Option<NaiveDate>,
    pub issued_to: Option<NaiveDate>,
    /// As typed.
    pub search: String,
    pub sort: SortKey,
    pub direction: Direction,
    /// From 0.
    pub page: usize,
    /// The date the list is computed as of; `None`: today.
    pub as_of: Option<NaiveDate>,
}

impl Default for ListQuery {
    /// Every invoice, the latest issued first.
    fn default() -> ListQuery {
        ListQuery {
            statuses: Vec::new(),
            client: None,
            bucket: None,
            issued_from: None,
            issued_to: None,
            search: String::new(),
            sort: SortKey::Issue,
            direction: Direction::Descending,
            page: 0,
            as_of: None,
        }
    }
}

/// A pair of the link that the list did not understand, left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryProblem {
    pub key: String,
    pub value: String,
}

impl Describe for QueryProblem {
    fn describe(&self, lang: Lang) -> String {
        // Shown as typed in the link, cut so that a long value does not take the page.
        let shown: String = format!("{}={}", self.key, self.value)
            .chars()
            .take(80)
            .collect();
        match lang {
            Lang::Fr => format!(
                "Le lien contient « {shown} », qui n'est pas compris\u{a0}: ce critère est ignoré."
            ),
            Lang::En => {
                format!("The link holds “{shown}”, which is not understood: it is ignored.")
            }
        }
    }
}

/// The longest search kept from a link or typed, in characters.
pub const MAX_SEARCH_CHARS: usize = 200;

impl ListQuery {
    /// Reads the list's state from a link; never fails: what it does not understand is left
    /// out and returned.
    pub fn from_query(query: &Query) -> (ListQuery, Vec<QueryProblem>) {
        let mut list = ListQuery::default();
        let mut problems = Vec::new();
        for (key, value) in query.pairs() {
            let understood = match key.as_str() {
                "status" => RowStatus::from_code(value)
                    .map(|status| {
                        if !list.statuses.contains(&status) {
                            list.statuses.push(status);
                        }
                    })
                    .is_some(),
                "client" => parse_id(value)
                    .map(|id| list.client = Some(ClientId::from_raw(id)))
                    .is_some(),
                "bucket" => bucket_of_code(value)
                    .map(|bucket| list.bucket = Some(bucket))
                    .is_some(),
                "from" => iso_date(value.trim())
                    .map(|date| list.issued_from = Some(date))
                    .is_some(),
                "to" => iso_date(value.trim())
                    .map(|date| list.issued_to = Some(date))
                    .is_some(),
                "as_of" => iso_date(value.trim())
                    .map(|date| list.as_of = Some(date))
                    .is_some(),
                "q" => {
                    list.search = value.chars().take(MAX_SEARCH_CHARS).collect();
                    true
                }
                "sort" => SortKey::from_code(value)
                    .map(|key| list.sort = key)
                    .is_some(),
                "dir" => match value.trim() {
                    "asc" => {
                        list.direction = Direction::Ascending;
                        true
                    }
                    "desc" => {
                        list.direction = Direction::Descending;
                        true
                    }
                    _ => false,
                },
                "page" => parse_id(value)
                    .filter(|page| *page >= 1)
                    .and_then(|page| usize::try_from(page - 1).ok())
                    .map(|page| list.page = page)
                    .is_some(),
                _ => false,
            };
            if !understood {
                problems.push(QueryProblem {
                    key: key.clone(),
                    value: value.clone(),
                });
            }
        }
        (list, problems)
    }

    /// The link's query of this state: only what differs from the default, in a fixed order.
    pub fn to_query(&self) -> Query {
        let mut query = Query::default();
        let default = ListQuery::default();
        for status in &self.statuses {
            query.push("status", status.code());
        }
        if let Some(client) = self.client {
            query.push("client", client.raw().to_string());
        }
        if let Some(bucket) = self.bucket {
            query.push("bucket", bucket_code(bucket));
        }
        if let Some(from) = self.issued_from {
            query.push("from", from.to_string());
        }
        if let Some(to) = self.issued_to {
            query.push("to", to.to_string());
        }
        if !self.search.is_empty() {
            query.push("q", self.search.clone());
        }
        if self.sort != default.sort || self.direction != default.direction {
            query.push("sort", self.sort.code());
            query.push("dir", self.direction.code());
        }
        if self.page > 0 {
            query.push("page", (self.page + 1).to_string());
        }
        if let Some(as_of) = self.as_of {
            query.push("as_of", as_of.to_string());
        }
        query
    }

    /// Whether any filter or search narrows the list (the sort and page do not).
    pub fn is_filtered(&self) -> bool {
        !self.statuses.is_empty()
            || self.client.is_some()
            || self.bucket.is_some()
            || self.issued_from.is_some()
            || self.issued_to.is_some()
            || !self.search.trim().is_empty()
    }

    /// The same sort and date, with every filter and the search cleared.
    pub fn cleared(&self) -> ListQuery {
        ListQuery {
            sort: self.sort,
            direction: self.direction,
            as_of: self.as_of,
            ..ListQuery::default()
        }
    }

    /// Sorted by `key`: ascending first, descending when it already was ascending; back to
    /// the first page.
    pub fn sorted_by(&self, key: SortKey) -> ListQuery {
        let direction = if self.sort == key && self.direction == Direction::Ascending {
            Direction::Descending
        } else {
            Direction::Ascending
        };
        ListQuery {
            sort: key,
            direction,
            page: 0,
            ..self.clone()
        }
    }

    /// The direction of `key` if the list is sorted by it.
    pub fn direction_of(&self, key: SortKey) -> Option<Direction> {
        (self.sort == key).then_some(self.direction)
    }

    fn keeps(&self, rows: &Rows, row: &Row, terms: &[String]) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&row.status))
            && self.client.is_none_or(|client| client == row.client)
            && self.bucket.is_none_or(|bucket| {
                row.bucket.and_then(|index| rows.buckets.get(index)) == Some(&bucket)
            })
            && self.issued_from.is_none_or(|from| row.issue_date >= from)
            && self.issued_to.is_none_or(|to| row.issue_date <= to)
            && terms.iter().all(|term| holds(&row.search_text, term))
    }
}

/// A whole number of the link (digits only).
fn parse_id(text: &str) -> Option<u64> {
    let text = text.trim();
    (!text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// The totals of the matching rows in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrencyTotal {
    pub currency: Currency,
    /// How many matching rows are in this currency.
    pub count: usize,
    pub amount: Money,
    /// What is owed (sent and disputed invoices).
    pub open: Money,
}

/// What the list shows: one page of the matching rows, sorted, and the totals of all of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// How many rows match the filter and search.
    pub matching: usize,
    /// How many invoices there are in all.
    pub total: usize,
    /// The page shown (from 0), within `0..pages`.
    pub page: usize,
    pub pages: usize,
    /// The position (from 1) of the first row shown, for "51–100 of 230".
    pub first_shown: usize,
    pub rows: Vec<Row>,
    /// Per currency, in currency order.
    pub totals: Vec<CurrencyTotal>,
    /// Every matching invoice, in the list's order (all pages): what an export writes.
    pub ids: Vec<InvoiceId>,
}

/// Filters, searches, sorts (stably: equal rows stay in invoice order) and pages `rows`.
pub fn select(rows: &Rows, query: &ListQuery) -> Selection {
    let terms: Vec<String> = fold(&query.search)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut matching: Vec<&Row> = rows
        .rows
        .iter()
        .filter(|row| query.keeps(rows, row, &terms))
        .collect();
    match query.direction {
        Direction::Ascending => matching.sort_by(|left, right| query.sort.compare(left, right)),
        Direction::Descending => matching.sort_by(|left, right| query.sort.compare(right, left)),
    }
    let mut totals: BTreeMap<Currency, CurrencyTotal> = BTreeMap::new();
    for row in &matching {
        let currency = row.amount.currency();
        let total = totals.entry(currency).or_insert_with(|| CurrencyTotal {
            currency,
            count: 0,
            amount: Money::zero(currency),
            open: Money::zero(currency),
        });
        total.count += 1;
        // Amounts are at most 10^15 each: no sum of a ledger overflows; if one did, the
        // total would stay as it was rather than be wrong in another way.
        if let Ok(sum) = total.amount.checked_add(row.amount) {
            total.amount = sum;
        }
        if row.counts_open()
            && let Some(open) = row.open
            && let Ok(sum) = total.open.checked_add(open)
        {
            total.open = sum;
        }
    }
    let pages = matching.len().div_ceil(PAGE_SIZE).max(1);
    let page = query.page.min(pages - 1);
    let start = page * PAGE_SIZE;
    let shown: Vec<Row> = matching
        .iter()
        .skip(start)
        .take(PAGE_SIZE)
        .map(|row| (*row).clone())
        .collect();
    Selection {
        matching: matching.len(),
        total: rows.rows.len(),
        page,
        pages,
        first_shown: if shown.is_empty() { 0 } else { start + 1 },
        rows: shown,
        totals: totals.into_values().collect(),
        ids: matching.iter().map(|row| row.id).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::ui::invoices::test_support::Books;
    use rust_decimal_macros::dec;

    fn rows_of(books: &Books, as_of: &str) -> Rows {
        build_rows(&books.ledger, date(as_of))
    }

    fn numbers(selection: &Selection) -> Vec<&str> {
        selection
            .rows
            .iter()
            .map(|row| row.number.as_str())
            .collect()
    }

    fn query(text: &str) -> ListQuery {
        ListQuery::from_query(&Query::parse(text)).0
    }

    /// Four invoices of two clients: one paid, one late, one partly paid, one draft.
    fn sample() -> Books {
        let mut books = Books::new();
        let dupont = books.client("Élodie Dupont", "FR");
        let acme = books.client("ACME Ltd", "GB");
        let paid = books.invoice("F-2026-001", dupont, "2026-01-05", "1000", "EUR");
        books.pay(paid, "2026-01-20", dec!(1000), Currency::Eur);
        books.invoice("F-2026-002", acme, "2026-01-10", "500", "GBP");
        let partly = books.invoice("F-2026-010", dupont, "2026-03-01", "300", "EUR");
        books.pay(partly, "2026-03-05", dec!(100), Currency::Eur);
        books.draft("F-2026-011", dupont, "2026-03-02", "50", "EUR");
        books
    }

    #[test]
    fn each_invoice_is_one_row_with_its_balance_lateness_and_status() {
        let rows = rows_of(&sample(), "2026-03-10");
        let by_number = |number: &str| rows.rows.iter().find(|row| row.number == number);
        let paid = by_number("F-2026-001").map(|row| (row.status, row.open, row.days_late));
        assert_eq!(
            paid,
            Some((RowStatus::Paid, Some(Money::zero(Currency::Eur)), None))
        );
        let late = by_number("F-2026-002");
        // Issued 10 Jan, net 30: due 9 Feb, 29 days late on 10 Mar.
        assert_eq!(late.map(|row| row.status), Some(RowStatus::Overdue));
        assert_eq!(late.and_then(|row| row.days_late), Some(29));
        assert_eq!(
            late.and_then(|row| row.bucket)
                .and_then(|index| rows.buckets.get(index)),
            Some(&Bucket::Range { from: 1, to: 30 })
        );
        assert!(late.is_some_and(|row| row.next_step.is_some()));
        assert_eq!(late.map(|row| row.client_name.as_str()), Some("ACME Ltd"));
        let partly = by_number("F-2026-010");
        assert_eq!(partly.map(|row| row.status), Some(RowStatus::PartiallyPaid));
        assert_eq!(
            partly.and_then(|row| row.open),
            Some(Money::new(dec!(200), Currency::Eur))
        );
        let draft = by_number("F-2026-011");
        assert_eq!(
            draft.map(|row| (row.status, row.open)),
            Some((RowStatus::Draft, None))
        );
    }

    #[test]
    fn filter_by_status_keeps_only_overdue_invoices() {
        let rows = rows_of(&sample(), "2026-03-10");
        let selection = select(&rows, &query("status=overdue"));
        assert_eq!(numbers(&selection), ["F-2026-002"]);
        assert_eq!(selection.matching, 1);
        assert_eq!(selection.total, 4);
    }

    #[test]
    fn bucket_codes_read_back_whatever_the_bounds() {
        let bounds = AgingBounds::new(vec![15, 45]).unwrap_or_default();
        for bucket in bounds
            .buckets()
            .into_iter()
            .chain(AgingBounds::default().buckets())
        {
            assert_eq!(bucket_of_code(&bucket_code(bucket)), Some(bucket));
        }
        for bad in [
            "",
            "7",
            "9-7",
            "0-3",
            "over-",
            "over-x",
            "1-2-3",
            "-5",
            "not yet due",
        ] {
            assert_eq!(bucket_of_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_users_ladder_and_buckets_make_the_rows() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        books.invoice("F-1", client, "2026-01-01", "100", "EUR");
        let as_of = date("2026-03-01");
        let bounds = AgingBounds::new(vec![15, 45]).unwrap_or_default();
        let rows = build_rows_with(&books.ledger, as_of, &DunningPolicy::default(), &bounds);
        assert_eq!(rows.buckets, bounds.buckets());
        let bucket = rows
            .rows
            .first()
            .and_then(|row| row.bucket)
            .and_then(|index| rows.buckets.get(index));
        assert!(matches!(
            bucket,
            Some(Bucket::Range { from: 16, to: 45 }) | Some(Bucket::Over { after: 45 })
        ));
        assert_ne!(rows.buckets, build_rows(&books.ledger, as_of).buckets);
    }

    #[test]
    fn filter_by_client_bucket_and_issue_dates() {
        let books = sample();
        let rows = rows_of(&books, "2026-03-10");
        let dupont = rows.clients.iter().find(|(_, name)| name.starts_with('É'));
        let dupont = dupont.map(|(id, _)| id.raw()).unwrap_or_default();
        let selection = select(
            &rows,
            &query(&format!("client={dupont}&sort=number&dir=asc")),
        );
        assert_eq!(
            numbers(&selection),
            ["F-2026-001", "F-2026-010", "F-2026-011"]
        );
        let selection = select(&rows, &query("bucket=1-30"));
        assert_eq!(numbers(&selection), ["F-2026-002"]);
        let selection = select(&rows, &query("bucket=not-yet-due"));
        assert_eq!(numbers(&selection), ["F-2026-010"]);
        let selection = select(
            &rows,
            &query("from=2026-01-06&to=2026-03-01&sort=issue&dir=asc"),
        );
        assert_eq!(numbers(&selection), ["F-2026-002", "F-2026-010"]);
    }

    #[test]
    fn search_ignores_case_and_accents_over_number_client_and_notes() {
        let mut books = sample();
        let acme = books.client("Café Œuvre", "FR");
        books.invoice_with_notes("A-7", acme, "2026-02-01", "10", "EUR", "Mission à Genève");
        let rows = rows_of(&books, "2026-03-10");
        assert_eq!(numbers(&select(&rows, &query("q=elodie"))).len(), 3);
        assert_eq!(numbers(&select(&rows, &query("q=CAFE+oeuvre"))), ["A-7"]);
        assert_eq!(numbers(&select(&rows, &query("q=geneve"))), ["A-7"]);
        assert_eq!(
            numbers(&select(&rows, &query("q=f-2026-002"))),
            ["F-2026-002"]
        );
        assert!(select(&rows, &query("q=nowhere")).rows.is_empty());
    }

    #[test]
    fn sorting_compares_numbers_dates_and_amounts_as_such_and_is_stable() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        books.invoice("F-9", client, "2026-01-01", "1000", "EUR");
        books.invoice("F-10", client, "2026-01-01", "99", "EUR");
        books.invoice("F-100", client, "2026-01-02", "1000", "EUR");
        let rows = rows_of(&books, "2026-01-15");
        assert_eq!(
            numbers(&select(&rows, &query("sort=number&dir=asc"))),
            ["F-9", "F-10", "F-100"]
        );
        assert_eq!(
            numbers(&select(&rows, &query("sort=amount&dir=asc"))),
            ["F-10", "F-9", "F-100"]
        );
        // Equal amounts keep the invoice order, either way.
        assert_eq!(
            numbers(&select(&rows, &query("sort=amount&dir=desc"))),
            ["F-9", "F-100", "F-10"]
        );
        assert_eq!(
            numbers(&select(&rows, &query("sort=issue&dir=asc"))),
            ["F-9", "F-10", "F-100"]
        );
        // Sorting by a column ascends first, then descends.
        let by_number = ListQuery::default().sorted_by(SortKey::Number);
        assert_eq!(by_number.direction, Direction::Ascending);
        assert_eq!(
            by_number.sorted_by(SortKey::Number).direction,
            Direction::Descending
        );
    }

    #[test]
    fn totals_are_per_currency_over_every_matching_row() {
        let rows = rows_of(&sample(), "2026-03-10");
        let selection = select(&rows, &ListQuery::default());
        let eur = Currency::Eur;
        assert_eq!(
            selection.totals,
            vec![
                CurrencyTotal {
                    currency: eur,
                    count: 3,
                    amount: Money::new(dec!(1350), eur),
                    // The draft is not owed: 0 + 200.
                    open: Money::new(dec!(200), eur),
                },
                CurrencyTotal {
                    currency: Currency::Gbp,
                    count: 1,
                    amount: Money::new(dec!(500), Currency::Gbp),
                    open: Money::new(dec!(500), Currency::Gbp),
                },
            ]
        );
    }

    #[test]
    fn pages_hold_fifty_rows_and_a_page_beyond_the_last_shows_the_last() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        for index in 1..=120 {
            books.invoice(&format!("F-{index:03}"), client, "2026-01-01", "10", "EUR");
        }
        let rows = rows_of(&books, "2026-01-15");
        let selection = select(&rows, &query("sort=number&dir=asc&page=2"));
        assert_eq!((selection.page, selection.pages), (1, 3));
        assert_eq!(selection.rows.len(), PAGE_SIZE);
        assert_eq!(selection.first_shown, 51);
        assert_eq!(
            selection.rows.first().map(|row| row.number.as_str()),
            Some("F-051")
        );
        let selection = select(&rows, &query("sort=number&dir=asc&page=99"));
        assert_eq!((selection.page, selection.rows.len()), (2, 20));
        assert_eq!(selection.totals.first().map(|total| total.count), Some(120));
    }

    #[test]
    fn the_query_round_trips_and_ignores_what_it_does_not_understand() {
        let text = "status=overdue&status=disputed&client=3&bucket=over-90&from=2026-01-01&to=2026-12-31&q=caf%C3%A9&sort=open&dir=asc&page=3&as_of=2026-06-30";
        let (list, problems) = ListQuery::from_query(&Query::parse(text));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(list.to_query().to_string(), text);
        let (list, problems) = ListQuery::from_query(&Query::parse(
            "status=late&bucket=9-7&from=31/01/2026&sort=colour&dir=up&page=0&page=-1&zz=1&as_of=9999-99-99",
        ));
        assert_eq!(list, ListQuery::default());
        let keys: Vec<&str> = problems
            .iter()
            .map(|problem| problem.key.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "status", "bucket", "from", "sort", "dir", "page", "page", "zz", "as_of"
            ]
        );
        assert!(problems[0].describe(Lang::Fr).contains("« status=late »"));
        assert!(problems[0].describe(Lang::En).contains("“status=late”"));
        // The default state is the bare list.
        assert!(ListQuery::default().to_query().is_empty());
    }

    #[test]
    fn hostile_text_in_a_link_is_bounded_and_never_a_failure() {
        let long = "x".repeat(10_000);
        let (list, problems) = ListQuery::from_query(&Query::parse(&format!(
            "q={long}&client=99999999999999999999999&{long}=1&q=%3Cscript%3E"
        )));
        assert_eq!(list.search, "<script>");
        assert_eq!(list.client, None);
        assert_eq!(problems.len(), 2);
        assert!(
            problems
                .iter()
                .all(|problem| problem.describe(Lang::En).chars().count() < 200)
        );
        let (list, _) = ListQuery::from_query(&Query::parse(&format!("q={long}")));
        assert_eq!(list.search.chars().count(), MAX_SEARCH_CHARS);
    }

    #[test]
    fn clearing_keeps_the_sort_and_drops_every_filter() {
        let list = query("status=paid&q=abc&sort=due&dir=asc&page=2");
        assert!(list.is_filtered());
        let cleared = list.cleared();
        assert!(!cleared.is_filtered());
        assert_eq!((cleared.sort, cleared.page), (SortKey::Due, 0));
    }

    #[test]
    fn ten_thousand_invoices_select_quickly() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        for index in 0..10_000 {
            books.invoice(&format!("F-{index:05}"), client, "2026-01-01", "10", "EUR");
        }
        let rows = rows_of(&books, "2026-03-01");
        let started = std::time::Instant::now();
        let selection = select(&rows, &query("q=f-0999&sort=number&dir=desc"));
        assert_eq!(selection.matching, 10);
        // Generous even for an unoptimised test build on a busy machine.
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
}
