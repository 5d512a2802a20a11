//! The clients list as of a date, pure: one row per client (open balance and overdue amount
//! per currency, days sales outstanding, risk grade and its reason), searched and sorted as
//! the URL's query says (`q`, `sort`, `dir`). Tested natively.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::{
    ClientId, ClientStatistics, Currency, Ledger, Money, MoneyError, RiskGrade, RiskReason,
};
use crate::routes::Query;

/// A column the list sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortKey {
    Name,
    Open,
    Overdue,
    Dso,
    Grade,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Name,
        SortKey::Open,
        SortKey::Overdue,
        SortKey::Dso,
        SortKey::Grade,
    ];

    /// The code in the URL (`sort=overdue`).
    pub fn code(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Open => "open",
            SortKey::Overdue => "overdue",
            SortKey::Dso => "dso",
            SortKey::Grade => "grade",
        }
    }

    pub fn from_code(code: &str) -> Option<SortKey> {
        SortKey::ALL
            .into_iter()
            .find(|key| key.code() == code.trim())
    }

    /// The order a first click gives: names A to Z, figures and grades worst first.
    pub fn first_direction(self) -> Direction {
        match self {
            SortKey::Name => Direction::Ascending,
            _ => Direction::Descending,
        }
    }
}

pub use crate::ui::components::sort::Direction;

/// What the list shows: its search and its order, read from and written to the URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListQuery {
    pub search: String,
    pub sort: SortKey,
    pub direction: Direction,
}

impl Default for ListQuery {
    /// Every client, by name A to Z.
    fn default() -> ListQuery {
        ListQuery {
            search: String::new(),
            sort: SortKey::Name,
            direction: Direction::Ascending,
        }
    }
}

/// The longest search kept (a pasted novel is cut, never refused).
const MAX_SEARCH_CHARS: usize = 200;

impl ListQuery {
    /// Reads `q`, `sort` and `dir`; a value the list does not know is its default.
    pub fn from_query(query: &Query) -> ListQuery {
        let sort = query
            .get("sort")
            .and_then(SortKey::from_code)
            .unwrap_or(SortKey::Name);
        let direction = match query.get("dir").map(str::trim) {
            Some("asc") => Direction::Ascending,
            Some("desc") => Direction::Descending,
            _ => sort.first_direction(),
        };
        ListQuery {
            search: query
                .get("q")
                .map(|text| text.chars().take(MAX_SEARCH_CHARS).collect())
                .unwrap_or_default(),
            sort,
            direction,
        }
    }

    /// The query that gives this list back, defaults left out (`#/clients` for the default).
    pub fn to_query(&self) -> Query {
        let mut query = Query::default();
        if !self.search.trim().is_empty() {
            query.push("q", self.search.clone());
        }
        if self.sort != SortKey::Name {
            query.push("sort", self.sort.code());
        }
        if self.direction != self.sort.first_direction() {
            query.push("dir", self.direction.code());
        }
        query
    }

    /// The list after a click on `key`'s header: the other direction on the sorted column,
    /// else that column in its first direction.
    pub fn sorted_by(&self, key: SortKey) -> ListQuery {
        let direction = if key == self.sort {
            self.direction.reversed()
        } else {
            key.first_direction()
        };
        ListQuery {
            search: self.search.clone(),
            sort: key,
            direction,
        }
    }

    /// The `aria-sort` of `key`'s header.
    pub fn aria_sort(&self, key: SortKey) -> &'static str {
        if key == self.sort {
            self.direction.aria()
        } else {
            "none"
        }
    }

    /// Whether the search asks for anything.
    pub fn is_searching(&self) -> bool {
        !self.search.trim().is_empty()
    }
}

/// How a change of the list goes into the address bar: a new order is a step the Back button
/// undoes (`push_state`); a search keystroke replaces the address (`replace_state`), so typing
/// leaves no trail. Neither fires `hashchange`, so the page (and the focus) stays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlWrite {
    Push,
    Replace,
}

/// What to write when the list goes from `previous` to `current` (`None`: nothing changed).
pub fn url_write(previous: &ListQuery, current: &ListQuery) -> Option<UrlWrite> {
    if (previous.sort, previous.direction) != (current.sort, current.direction) {
        Some(UrlWrite::Push)
    } else if previous.search != current.search {
        Some(UrlWrite::Replace)
    } else {
        None
    }
}

/// One client in the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRow {
    pub id: ClientId,
    pub name: String,
    /// SIREN, SIRET or VAT number, or empty.
    pub tax_id: String,
    /// E-mail address, or empty.
    pub email: String,
    /// What the client owes, one amount per currency (by currency); empty when nothing.
    pub open: Vec<Money>,
    /// The overdue part of `open`, per currency.
    pub overdue: Vec<Money>,
    /// Days sales outstanding per currency invoiced in the last 90 days.
    pub dso: Vec<(Currency, Decimal)>,
    pub grade: RiskGrade,
    pub reason: RiskReason,
    /// Name, tax id (also without spaces) and e-mail, folded for the search.
    haystack: String,
}

/// Every client of the ledger as of `as_of`, by id.
pub fn client_rows(ledger: &Ledger, as_of: NaiveDate) -> Result<Vec<ClientRow>, MoneyError> {
    let mut statistics = ClientStatistics::for_all(ledger, as_of)?;
    Ok(ledger
        .clients()
        .map(|client| {
            let details = client.details();
            let tax_id = details
                .tax_id()
                .map(|id| id.as_str().to_string())
                .unwrap_or_default();
            let email = details
                .email()
                .map(|email| email.as_str().to_string())
                .unwrap_or_default();
            let haystack = fold(&format!("{}\n{tax_id}\n{email}", client.name()));
            let (open, overdue, dso, grade, reason) = match statistics.remove(&client.id()) {
                Some(statistics) => (
                    statistics.open.into_values().collect(),
                    statistics.open_overdue.into_values().collect(),
                    statistics.dso_days.into_iter().collect(),
                    statistics.grade,
                    statistics.reason,
                ),
                None => (
                    Vec::new(),
                    Vec::new(),
                    Vec::new(),
                    RiskGrade::A,
                    RiskReason::NoHistory,
                ),
            };
            ClientRow {
                id: client.id(),
                name: client.name().to_string(),
                tax_id,
                email,
                open,
                overdue,
                dso,
                grade,
                reason,
                haystack,
            }
        })
        .collect())
}

/// The rows the list shows: those the search finds, in the query's order.
pub fn visible_rows(rows: &[ClientRow], query: &ListQuery) -> Vec<ClientRow> {
    let needle = fold(query.search.trim());
    // A tax id is often typed with spaces (`732 829 320`); the stored one has none.
    let compact_needle: String = needle.chars().filter(|c| !c.is_whitespace()).collect();
    let mut visible: Vec<ClientRow> = rows
        .iter()
        .filter(|row| {
            needle.is_empty()
                || holds(&row.haystack, &needle)
                || (!compact_needle.is_empty() && holds(&row.haystack, &compact_needle))
        })
        .cloned()
        .collect();
    // Stable, and ties broken by name then id whatever the direction.
    visible.sort_by(|left, right| {
        let primary = compare(left, right, query.sort);
        let primary = match query.direction {
            Direction::Ascending => primary,
            Direction::Descending => primary.reverse(),
        };
        primary
            .then_with(|| compare(left, right, SortKey::Name))
            .then_with(|| left.id.cmp(&right.id))
    });
    visible
}

fn compare(left: &ClientRow, right: &ClientRow, key: SortKey) -> Ordering {
    match key {
        SortKey::Name => fold(&left.name)
            .cmp(&fold(&right.name))
            .then_with(|| left.name.cmp(&right.name)),
        SortKey::Open => compare_amounts(&left.open, &right.open),
        SortKey::Overdue => compare_amounts(&left.overdue, &right.overdue),
        SortKey::Dso => compare_per_currency(
            &left.dso.iter().map(|(c, d)| (*c, Some(*d))).collect(),
            &right.dso.iter().map(|(c, d)| (*c, Some(*d))).collect(),
        ),
        SortKey::Grade => left.grade.cmp(&right.grade),
    }
}

/// Amounts compared as numbers, currency by currency in a fixed order (euros first): with one
/// currency, the larger amount is the greater; nothing owed is below any amount.
fn compare_amounts(left: &[Money], right: &[Money]) -> Ordering {
    let map = |amounts: &[Money]| -> BTreeMap<Currency, Option<Decimal>> {
        amounts
            .iter()
            .map(|money| (money.currency(), Some(money.amount())))
            .collect()
    };
    compare_per_currency(&map(left), &map(right))
}

/// Figures per currency compared in the currencies' order; a currency a row lacks counts as
/// `None`, below every figure.
fn compare_per_currency(
    left: &BTreeMap<Currency, Option<Decimal>>,
    right: &BTreeMap<Currency, Option<Decimal>>,
) -> Ordering {
    let mut currencies: Vec<&Currency> = left.keys().chain(right.keys()).collect();
    currencies.sort();
    currencies.dedup();
    currencies
        .into_iter()
        .map(|currency| {
            let pick =
                |side: &BTreeMap<Currency, Option<Decimal>>| side.get(currency).copied().flatten();
            pick(left).cmp(&pick(right))
        })
        .find(|ordering| ordering.is_ne())
        .unwrap_or(Ordering::Equal)
}

pub use crate::ui::components::search::fold;
use crate::ui::components::search::holds;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::clients::test_support::{TestBooks, day};
    use rust_decimal_macros::dec;

    const EUR: Currency = Currency::Eur;

    /// Three clients as of 2026-03-31: Dupont owes 1,000 € 45 days overdue (and paid another
    /// 1,000 € on time), Élise owes 250 € not yet due, Zed owes nothing.
    fn three_clients() -> Vec<ClientRow> {
        let mut books = TestBooks::new();
        let dupont = books.client("Atelier Dupont", "732 829 320", "compta@dupont.fr");
        let elise = books.client("Élise Martin", "", "elise@exemple.fr");
        let _zed = books.client("zed", "", "");
        books.invoice(dupont, "2026-01-15", "2026-02-14", dec!(1000), EUR);
        let paid = books.invoice(dupont, "2026-02-01", "2026-03-03", dec!(1000), EUR);
        books.pay(paid, "2026-03-01", dec!(1000), EUR);
        books.invoice(elise, "2026-03-20", "2026-04-19", dec!(250), EUR);
        match client_rows(&books.ledger, day("2026-03-31")) {
            Ok(rows) => rows,
            Err(error) => panic!("{error:?}"),
        }
    }

    fn listed(query: &str) -> Vec<String> {
        let rows = three_clients();
        let query = ListQuery::from_query(&Query::parse(query));
        visible_rows(&rows, &query)
            .into_iter()
            .map(|row| row.name)
            .collect()
    }

    #[test]
    fn each_client_gets_one_row_with_its_balances_dso_and_risk_grade() {
        let rows = three_clients();
        let [dupont, elise, zed] = rows.as_slice() else {
            panic!("{rows:?}")
        };
        assert_eq!(dupont.name, "Atelier Dupont");
        assert_eq!(dupont.tax_id, "732829320");
        assert_eq!(dupont.open, [Money::new(dec!(1000), EUR)]);
        assert_eq!(dupont.overdue, [Money::new(dec!(1000), EUR)]);
        assert_eq!(dupont.grade, RiskGrade::C);
        assert_eq!(dupont.reason, RiskReason::Overdue { days: 45 });
        // 1,000 open ÷ 2,000 invoiced in the last 90 days × 90.
        assert_eq!(dupont.dso, [(EUR, dec!(45.0))]);
        assert_eq!(elise.dso, [(EUR, dec!(90.0))]);
        assert_eq!(elise.open, [Money::new(dec!(250), EUR)]);
        assert!(elise.overdue.is_empty());
        assert_eq!(elise.grade, RiskGrade::A);
        assert!(zed.open.is_empty() && zed.dso.is_empty());
        assert_eq!(zed.reason, RiskReason::NoHistory);
    }

    #[test]
    fn names_sort_without_regard_to_case_or_accents_and_the_direction_flips() {
        assert_eq!(listed(""), ["Atelier Dupont", "Élise Martin", "zed"]);
        assert_eq!(
            listed("dir=desc"),
            ["zed", "Élise Martin", "Atelier Dupont"]
        );
    }

    #[test]
    fn amounts_sort_as_numbers_largest_first_on_the_first_click() {
        assert_eq!(
            listed("sort=open"),
            ["Atelier Dupont", "Élise Martin", "zed"]
        );
        assert_eq!(
            listed("sort=open&dir=asc"),
            ["zed", "Élise Martin", "Atelier Dupont"]
        );
        // Nothing overdue for two of them: a tie, kept in name order whatever the direction.
        assert_eq!(
            listed("sort=overdue"),
            ["Atelier Dupont", "Élise Martin", "zed"]
        );
        assert_eq!(
            listed("sort=overdue&dir=asc"),
            ["Élise Martin", "zed", "Atelier Dupont"]
        );
        assert_eq!(
            listed("sort=grade"),
            ["Atelier Dupont", "Élise Martin", "zed"]
        );
        assert_eq!(
            listed("sort=dso&dir=asc"),
            ["zed", "Atelier Dupont", "Élise Martin"]
        );
    }

    #[test]
    fn amounts_compare_as_numbers_not_as_text() {
        let eur = |amount| vec![Money::new(amount, EUR)];
        // As text, "9.00" > "10.00"; as numbers it is less.
        assert_eq!(
            compare_amounts(&eur(dec!(9)), &eur(dec!(10))),
            Ordering::Less
        );
        assert_eq!(compare_amounts(&[], &eur(dec!(0.01))), Ordering::Less);
        // Currencies compared one by one in a fixed order (euros first).
        let both = vec![Money::new(dec!(5), EUR), Money::new(dec!(1), Currency::Gbp)];
        assert_eq!(compare_amounts(&both, &eur(dec!(5))), Ordering::Greater);
        assert_eq!(compare_amounts(&both, &eur(dec!(6))), Ordering::Less);
    }

    #[test]
    fn the_search_finds_names_tax_ids_and_e_mails_whatever_the_case_and_accents() {
        assert_eq!(listed("q=ELISE"), ["Élise Martin"]);
        assert_eq!(listed("q=%C3%A9lise"), ["Élise Martin"]);
        assert_eq!(listed("q=732%20829"), ["Atelier Dupont"]);
        assert_eq!(listed("q=dupont.fr"), ["Atelier Dupont"]);
        assert_eq!(
            listed("q=%20%20"),
            ["Atelier Dupont", "Élise Martin", "zed"]
        );
        assert!(listed("q=nobody").is_empty());
        assert!(listed("q=%3Cscript%3E").is_empty());
    }

    #[test]
    fn search_and_order_round_trip_through_the_url_defaults_left_out() {
        let query = ListQuery {
            search: "Café & co".into(),
            sort: SortKey::Overdue,
            direction: Direction::Ascending,
        };
        let printed = query.to_query().to_string();
        assert_eq!(printed, "q=Caf%C3%A9%20%26%20co&sort=overdue&dir=asc");
        assert_eq!(ListQuery::from_query(&Query::parse(&printed)), query);
        assert!(ListQuery::default().to_query().is_empty());
        // Unknown values are the defaults, never an error.
        assert_eq!(
            ListQuery::from_query(&Query::parse("sort=%3Cx%3E&dir=sideways")),
            ListQuery::default()
        );
        // A pasted novel is cut.
        let long = format!("q={}", "a".repeat(10_000));
        assert_eq!(
            ListQuery::from_query(&Query::parse(&long))
                .search
                .chars()
                .count(),
            MAX_SEARCH_CHARS
        );
    }

    #[test]
    fn a_click_on_the_sorted_column_flips_it_and_another_column_starts_in_its_first_direction() {
        let by_name = ListQuery::default();
        assert_eq!(by_name.aria_sort(SortKey::Name), "ascending");
        assert_eq!(by_name.aria_sort(SortKey::Open), "none");
        let flipped = by_name.sorted_by(SortKey::Name);
        assert_eq!(flipped.direction, Direction::Descending);
        let by_open = flipped.sorted_by(SortKey::Open);
        assert_eq!(
            (by_open.sort, by_open.direction),
            (SortKey::Open, Direction::Descending)
        );
        assert_eq!(by_open.aria_sort(SortKey::Open), "descending");
    }

    #[test]
    fn a_new_order_is_a_history_step_and_a_search_keystroke_replaces_the_address() {
        let opened = ListQuery::default();
        assert_eq!(url_write(&opened, &opened), None);
        let sorted = opened.sorted_by(SortKey::Overdue);
        assert_eq!(url_write(&opened, &sorted), Some(UrlWrite::Push));
        let searched = ListQuery {
            search: "dup".into(),
            ..sorted.clone()
        };
        assert_eq!(url_write(&sorted, &searched), Some(UrlWrite::Replace));
    }
}
