//! The Simulator's link from anywhere (issue #22, hostile input): arbitrary and crafted
//! fragments through the whole path the page takes (`Route::from_fragment` → the link's
//! problems → `SimulatorForm::from_query` → `localized` → `parse` → `simulate`, and the link
//! printed back), in both languages. Nothing panics, nothing hangs, and whatever is not
//! computed says why: every error is a sentence in French and in English.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use proptest::prelude::*;
use relance::domain::interest::{RateTables, simulate};
use relance::i18n::{Describe, Lang};
use relance::routes::{Query, Route};
use relance::ui::simulator::form::{
    MAX_PAYMENTS, MAX_UNKNOWN_LISTED, SimulatorForm, unknown_parameters,
};

const KEYS: &[&str] = &[
    "regime",
    "principal",
    "currency",
    "due",
    "until",
    "pay",
    "pay",
    "pay",
    "rate",
    "comp",
    "category",
    "from",
    "enforceable",
    "compound",
    "daycount",
    "order",
    "rounding",
    "as_of",
    "colour",
    "",
    "é",
    "%70ay",
    "pay%3D",
];

const VALUES: &[&str] = &[
    "",
    " ",
    "fr-b2b",
    "fr-b2b-contract",
    "fr-legal",
    "de-b2b",
    "de-consumer",
    "uk-b2b",
    "eu-b2b",
    "fixed",
    "FR-B2B",
    "EUR",
    "GBP",
    "JPY",
    "XXX",
    "eur",
    "2024-01-31",
    "2024-02-29",
    "2023-02-29",
    "2024-02-30",
    "0001-01-01",
    "1899-12-31",
    "1900-01-01",
    "2199-12-31",
    "2200-01-01",
    "9999-12-31",
    "+275760-09-13",
    "2024-1-1",
    "31/01/2024",
    "1500",
    "1500.00",
    "1 500,00",
    "1,500.00",
    "1.500,00",
    "-5",
    "0",
    "0.001",
    "1e9",
    "NaN",
    "99999999999999999999999999999",
    "79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "١٢٣",
    "12.5",
    "12,5",
    "-3",
    "1000000",
    "2024-03-15:500.00",
    "2024-03-15:",
    ":500",
    "2024-03-15:500:00",
    "2024-03-15:-1",
    "2024-03-15:1e3",
    "9999-12-31:1",
    "consumer",
    "other",
    "annual",
    "act365",
    "actact",
    "act360",
    "legal",
    "principal",
    "daily",
    "period",
    "%",
    "%zz",
    "%C3",
    "%C3%A9",
    "%00",
    "%E2%80%AE",
    "&",
    "=",
    "🎄",
    "\u{202e}",
    "a\u{301}",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
}

/// A value: one of the usual suspects, or any text.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(VALUES).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[0-9.,: -]{0,24}",
    ]
}

/// A pair, written raw (so `&`, `=`, `%` in it shape the query) or percent-encoded.
fn pair() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            4 => proptest::sample::select(KEYS).prop_map(str::to_string),
            1 => any::<String>(),
        ],
        value(),
        any::<bool>(),
    )
        .prop_map(|(key, value, encode)| {
            if encode {
                let mut query = Query::default();
                query.push(key, value);
                query.to_string()
            } else {
                format!("{key}={value}")
            }
        })
}

/// A whole fragment: `#/simulator?` and pairs, or anything at all after `#/simulator?`.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::collection::vec(pair(), 0..24)
            .prop_map(|pairs| format!("#/simulator?{}", pairs.join("&"))),
        1 => any::<String>().prop_map(|tail| format!("#/simulator?{tail}")),
        1 => "#/simulator\\?[a-z=&%:0-9.-]{0,80}",
    ]
}

/// Every error is a sentence in both languages.
fn assert_sentence(error: &impl Describe, context: &str) {
    for lang in Lang::ALL {
        let sentence = error.describe(lang);
        assert!(
            sentence.trim().len() > 10,
            "{context}: an empty error in {lang:?}: {sentence:?}"
        );
    }
}

/// The page's whole path for one fragment.
fn run(whole: &str) {
    // What the messages show of it: its first 300 characters.
    let fragment = &whole.chars().take(300).collect::<String>();
    let Route::Simulator(query) = Route::from_fragment(whole) else {
        panic!("{fragment:?} is not the simulator's route");
    };
    let problems = unknown_parameters(&query);
    assert!(problems.len() <= MAX_UNKNOWN_LISTED + 1, "{fragment:?}");
    for (_, problem) in &problems {
        assert_sentence(problem, fragment);
    }
    let tables = RateTables::builtin();
    for lang in Lang::ALL {
        let form = SimulatorForm::from_query(&query).localized(lang);
        assert!(form.payments.len() <= MAX_PAYMENTS, "{fragment:?}");
        let parsed = form.parse(today());
        for (_, error) in &parsed.errors {
            assert_sentence(error, fragment);
        }
        match &parsed.input {
            // Nothing computed: the page says why, beside a field.
            None => assert!(
                !parsed.errors.is_empty(),
                "{fragment:?} ({lang:?}): nothing computed and no error to say why"
            ),
            Some(input) => {
                if let Err(error) = simulate(input, &tables) {
                    assert_sentence(&error, fragment);
                }
            }
        }
        // The link the page prints back reads back to the same input (but for a link cut at
        // 1,000 payments, which computes nothing and prints the 1,000 payments it read).
        if form.payments_left_out > 0 {
            continue;
        }
        let printed = Route::Simulator(form.to_query()).href();
        let Route::Simulator(again) = Route::from_fragment(&printed) else {
            panic!("{printed:?} is not the simulator's route");
        };
        let reparsed = SimulatorForm::from_query(&again)
            .localized(lang)
            .parse(today());
        assert_eq!(
            reparsed.input, parsed.input,
            "{fragment:?} printed as {printed:?} ({lang:?})"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_simulator_link_computes_or_says_why(fragment in fragment()) {
        let started = Instant::now();
        run(&fragment);
        prop_assert!(started.elapsed() < Duration::from_secs(2), "{fragment:?} took {:?}", started.elapsed());
    }
}

/// Links a fuzzer would take long to find: the longest range the engine takes, with daily
/// rounding, compounding and 1,000 payments; and a link with 100,000 payments.
#[test]
fn crafted_heavy_links_finish_quickly_or_say_why() {
    let mut heavy = String::from(
        "#/simulator?regime=fixed&rate=12.5&comp=40&principal=1000000000&due=1900-01-01&until=2199-12-31&compound=annual&rounding=daily&daycount=actact&order=legal",
    );
    for day in 0..MAX_PAYMENTS {
        heavy.push_str(&format!(
            "&pay=19{:02}-06-{:02}:0.01",
            day % 100,
            1 + day % 28
        ));
    }
    let mut flood = String::from("#/simulator?regime=fr-b2b&principal=1500&due=2024-01-31");
    for _ in 0..100_000 {
        flood.push_str("&pay=2024-03-15:1.00&x=1");
    }
    // The heavy link does run the engine, to the end.
    let Route::Simulator(query) = Route::from_fragment(&heavy) else {
        panic!("not the simulator");
    };
    let started = Instant::now();
    let input = SimulatorForm::from_query(&query)
        .parse(today())
        .input
        .expect("the heavy link computes");
    assert_eq!(input.payments.len(), MAX_PAYMENTS);
    let simulation = simulate(&input, &RateTables::builtin()).expect("the heavy link computes");
    assert!(simulation.interest.is_positive());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    for fragment in [heavy, flood] {
        let started = Instant::now();
        run(&fragment);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "took {:?}",
            started.elapsed()
        );
    }
}
