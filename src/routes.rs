//! The typed router: every page lives in the URL fragment (`#/invoices`, `#/simulator?...`).
//!
//! Why the fragment: a deep link then opens from any static host, from a sub-path and from the
//! offline cache with no server rewrite rule (the server only ever sees `index.html`).
//! `leptos_router` has no hash mode (leptos-rs/leptos#2184), so this small module parses the
//! fragment into a [`Route`] and prints it back. It is pure and tested natively.

use std::fmt;

/// A page of the app, with its typed parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The dashboard; its "as of" date lives in the query (`#/?as_of=2026-12-31`).
    Dashboard(Query),
    /// The invoices: the list (its filter in the query), a new one, one invoice, its edit form.
    Invoices(RecordView),
    /// The clients, the same way.
    Clients(RecordView),
    /// The simulator; its inputs live in the query so a simulation is a shareable link.
    Simulator(Query),
    Letters(Query),
    /// Importing invoices from a CSV file (`#/import`).
    Import,
    Settings,
    /// Any fragment that names no page; holds the path as typed, to show it back.
    NotFound(String),
}

/// Which view of a page of records (invoices, clients): `#/invoices?…`, `#/invoices/new?…`,
/// `#/invoices/7`, `#/invoices/7/edit`. A record is named by the raw number of its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordView {
    /// The list; the query holds its filter, sort and search, so a view is a link.
    List(Query),
    /// The form for a new record; the query may prefill it (`client=3`, `copy=7`).
    New(Query),
    /// One record.
    Show(u64),
    /// One record's edit form.
    Edit(u64),
}

impl RecordView {
    pub const LIST: RecordView = RecordView::List(Query::EMPTY);

    /// Reads the path after the page's own segment (`""`, `"new"`, `"7"`, `"7/edit"`).
    fn parse(rest: &str, query: Option<&str>) -> Option<RecordView> {
        let query = || query.map(Query::parse).unwrap_or_default();
        let id = |text: &str| {
            // Digits only: no sign, no `+`, no leading zero but for 0 itself.
            let canonical = !text.is_empty()
                && text.bytes().all(|byte| byte.is_ascii_digit())
                && (text == "0" || !text.starts_with('0'));
            canonical.then(|| text.parse::<u64>().ok()).flatten()
        };
        match rest.split_once('/') {
            None if rest.is_empty() => Some(RecordView::List(query())),
            None if rest == "new" => Some(RecordView::New(query())),
            None => id(rest).map(RecordView::Show),
            Some((record, "edit")) => id(record).map(RecordView::Edit),
            Some(_) => None,
        }
    }

    /// The path after the page's segment, and the query, as [`RecordView::parse`] reads them.
    fn href(&self, page: &str) -> String {
        match self {
            RecordView::List(query) if query.is_empty() => format!("#/{page}"),
            RecordView::List(query) => format!("#/{page}?{query}"),
            RecordView::New(query) if query.is_empty() => format!("#/{page}/new"),
            RecordView::New(query) => format!("#/{page}/new?{query}"),
            RecordView::Show(id) => format!("#/{page}/{id}"),
            RecordView::Edit(id) => format!("#/{page}/{id}/edit"),
        }
    }
}

impl Route {
    /// The pages of the main navigation, in order.
    pub const NAVIGATION: [Route; 6] = [
        Route::Dashboard(Query::EMPTY),
        Route::Invoices(RecordView::LIST),
        Route::Clients(RecordView::LIST),
        Route::Simulator(Query::EMPTY),
        Route::Letters(Query::EMPTY),
        Route::Settings,
    ];

    /// Parses a location fragment, with or without its leading `#`.
    /// `""`, `"#"` and `"#/"` are the dashboard; a trailing `/` is tolerated.
    pub fn from_fragment(fragment: &str) -> Route {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        let (path, query) = match fragment.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (fragment, None),
        };
        let trimmed = path.trim_start_matches('/').trim_end_matches('/');
        let (page, rest) = trimmed.split_once('/').unwrap_or((trimmed, ""));
        let records = |view: Option<RecordView>, make: fn(RecordView) -> Route| {
            view.map_or_else(|| Route::NotFound(path.to_string()), make)
        };
        match page {
            "invoices" => return records(RecordView::parse(rest, query), Route::Invoices),
            "clients" => return records(RecordView::parse(rest, query), Route::Clients),
            _ => {}
        }
        match trimmed {
            "" | "dashboard" => Route::Dashboard(query.map(Query::parse).unwrap_or_default()),
            "simulator" => Route::Simulator(query.map(Query::parse).unwrap_or_default()),
            "letters" => Route::Letters(query.map(Query::parse).unwrap_or_default()),
            "settings" => Route::Settings,
            "import" => Route::Import,
            _ => Route::NotFound(path.to_string()),
        }
    }

    /// The fragment of this route, leading `#` included: usable as an `href` from any sub-path.
    pub fn href(&self) -> String {
        match self {
            Route::Simulator(query) if !query.is_empty() => format!("#/simulator?{query}"),
            Route::Dashboard(query) if !query.is_empty() => format!("#/?{query}"),
            Route::Letters(query) if !query.is_empty() => format!("#/letters?{query}"),
            Route::Invoices(view) => view.href("invoices"),
            Route::Clients(view) => view.href("clients"),
            other => format!("#/{}", other.slug()),
        }
    }

    /// The stable path segment of the route, also used as a test hook.
    pub fn slug(&self) -> &str {
        match self {
            Route::Dashboard(_) => "dashboard",
            Route::Invoices(_) => "invoices",
            Route::Clients(_) => "clients",
            Route::Simulator(_) => "simulator",
            Route::Letters(_) => "letters",
            Route::Settings => "settings",
            Route::Import => "import",
            Route::NotFound(path) => path.trim_start_matches('/'),
        }
    }

    /// Whether this route is the page `other` points at, ignoring parameters
    /// (for highlighting the current entry of the navigation).
    pub fn same_page(&self, other: &Route) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// The query of a route: ordered `key=value` pairs, keys may repeat (`pay=…&pay=…`).
/// Values are percent-decoded on parse and encoded on print, so any text round-trips.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub const EMPTY: Query = Query { pairs: Vec::new() };

    /// Parses `a=1&b=2&b=3`. A pair without `=` has an empty value; empty segments are skipped.
    pub fn parse(text: &str) -> Query {
        let pairs = text
            .split('&')
            .filter(|segment| !segment.is_empty())
            .map(|segment| match segment.split_once('=') {
                Some((key, value)) => (percent_decode(key), percent_decode(value)),
                None => (percent_decode(segment), String::new()),
            })
            .collect();
        Query { pairs }
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The first value of `key`, if any.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(candidate, _)| candidate == key)
            .map(|(_, value)| value.as_str())
    }

    /// Every value of `key`, in order.
    pub fn get_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(candidate, _)| candidate == key)
            .map(|(_, value)| value.as_str())
    }

    /// Appends a pair (keeps earlier pairs with the same key).
    pub fn push(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.pairs.push((key.into(), value.into()));
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}

impl fmt::Display for Query {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, (key, value)) in self.pairs.iter().enumerate() {
            if index > 0 {
                formatter.write_str("&")?;
            }
            write!(
                formatter,
                "{}={}",
                percent_encode(key),
                percent_encode(value)
            )?;
        }
        Ok(())
    }
}

/// Characters kept as they are in a query value; everything else is `%XX`-encoded (UTF-8).
/// `:` and `-` and `.` stay readable so `pay=2024-03-15:500.00` prints as typed.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b':' | b',')
}

fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if is_unreserved(byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Decodes `%XX` escapes and `+` (as a space). Invalid escapes are kept literally, and bytes
/// that do not form UTF-8 are replaced, so decoding never fails.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'%' => {
                let escape = bytes
                    .get(index + 1..index + 3)
                    .and_then(|hex| std::str::from_utf8(hex).ok())
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok());
                match escape {
                    Some(byte) => {
                        decoded.push(byte);
                        index += 3;
                    }
                    None => {
                        decoded.push(b'%');
                        index += 1;
                    }
                }
            }
            b'+' => {
                decoded.push(b' ');
                index += 1;
            }
            byte => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(fragment: &str, expected: Route) {
        assert_eq!(
            Route::from_fragment(fragment),
            expected,
            "fragment {fragment:?}"
        );
    }

    #[test]
    fn fragments_parse_to_their_pages() {
        check("", Route::Dashboard(Query::EMPTY));
        check("#", Route::Dashboard(Query::EMPTY));
        check("#/", Route::Dashboard(Query::EMPTY));
        check("#/dashboard", Route::Dashboard(Query::EMPTY));
        check("#/invoices", Route::Invoices(RecordView::LIST));
        check("#/invoices/", Route::Invoices(RecordView::LIST));
        check("invoices", Route::Invoices(RecordView::LIST));
        check("#/clients", Route::Clients(RecordView::LIST));
        check("#/simulator", Route::Simulator(Query::EMPTY));
        check("#/letters", Route::Letters(Query::EMPTY));
        check("#/import", Route::Import);
        check("#/settings", Route::Settings);
        check("#/nowhere", Route::NotFound("/nowhere".into()));
        check("#/Invoices", Route::NotFound("/Invoices".into()));
        check(
            "#/invoices/extra",
            Route::NotFound("/invoices/extra".into()),
        );
    }

    #[test]
    fn record_views_parse_and_print_back() {
        let query = |text: &str| Query::parse(text);
        for (fragment, route) in [
            (
                "#/invoices?status=overdue&q=F-2026",
                Route::Invoices(RecordView::List(query("status=overdue&q=F-2026"))),
            ),
            (
                "#/invoices/new",
                Route::Invoices(RecordView::New(Query::EMPTY)),
            ),
            (
                "#/invoices/new?client=3",
                Route::Invoices(RecordView::New(query("client=3"))),
            ),
            ("#/invoices/42", Route::Invoices(RecordView::Show(42))),
            ("#/invoices/42/edit", Route::Invoices(RecordView::Edit(42))),
            (
                "#/clients/new",
                Route::Clients(RecordView::New(Query::EMPTY)),
            ),
            ("#/clients/0", Route::Clients(RecordView::Show(0))),
            ("#/clients/3/edit", Route::Clients(RecordView::Edit(3))),
        ] {
            check(fragment, route.clone());
            assert_eq!(route.href(), fragment);
        }
        // Anything else is not found, never a guess.
        for fragment in [
            "#/invoices/-1",
            "#/invoices/+4",
            "#/invoices/007",
            "#/invoices/18446744073709551616",
            "#/invoices/4/delete",
            "#/invoices/new/edit",
            "#/invoices/4/edit/more",
            "#/clients/x",
        ] {
            assert!(
                matches!(Route::from_fragment(fragment), Route::NotFound(_)),
                "{fragment}"
            );
        }
        assert!(Route::Invoices(RecordView::Show(4)).same_page(&Route::Invoices(RecordView::LIST)));
    }

    #[test]
    fn every_navigation_route_round_trips_through_its_href() {
        for route in Route::NAVIGATION {
            assert_eq!(Route::from_fragment(&route.href()), route);
        }
    }

    #[test]
    fn simulator_query_keeps_repeated_keys_in_order() {
        let route = Route::from_fragment(
            "#/simulator?regime=fr-b2b&principal=1500.00&pay=2024-03-15:500.00&pay=2024-06-01:250.00",
        );
        let Route::Simulator(query) = route.clone() else {
            panic!("not the simulator: {route:?}");
        };
        assert_eq!(query.get("regime"), Some("fr-b2b"));
        assert_eq!(query.get("missing"), None);
        assert_eq!(
            query.get_all("pay").collect::<Vec<_>>(),
            ["2024-03-15:500.00", "2024-06-01:250.00"]
        );
        assert_eq!(
            route.href(),
            "#/simulator?regime=fr-b2b&principal=1500.00&pay=2024-03-15:500.00&pay=2024-06-01:250.00"
        );
    }

    #[test]
    fn query_values_are_percent_encoded_and_decoded() {
        let mut query = Query::default();
        query.push("note", "Café & co = 100 %");
        let printed = query.to_string();
        assert_eq!(printed, "note=Caf%C3%A9%20%26%20co%20%3D%20100%20%25");
        assert_eq!(Query::parse(&printed), query);
        assert_eq!(Query::parse("a=b+c").get("a"), Some("b c"));
        // Broken escapes are kept, never a failure.
        assert_eq!(Query::parse("a=%zz%4").get("a"), Some("%zz%4"));
        assert_eq!(Query::parse("flag&&x=1").get("flag"), Some(""));
    }

    #[test]
    fn the_dashboard_keeps_its_as_of_date_in_the_query() {
        let route = Route::from_fragment("#/?as_of=2026-12-31");
        let Route::Dashboard(query) = route.clone() else {
            panic!("not the dashboard: {route:?}");
        };
        assert_eq!(query.get("as_of"), Some("2026-12-31"));
        assert_eq!(route.href(), "#/?as_of=2026-12-31");
        check(
            "#/dashboard?as_of=2026-01-05",
            Route::Dashboard(Query::parse("as_of=2026-01-05")),
        );
        // Without a date, the navigation's link stays the plain page.
        assert_eq!(Route::Dashboard(Query::EMPTY).href(), "#/dashboard");
        assert!(route.same_page(&Route::Dashboard(Query::EMPTY)));
    }

    #[test]
    fn same_page_ignores_parameters() {
        let with_query = Route::from_fragment("#/simulator?regime=fixed");
        assert!(with_query.same_page(&Route::Simulator(Query::EMPTY)));
        assert!(!with_query.same_page(&Route::Settings));
    }
}
