//! Worked examples, one regime or option at a time, and the properties of the engine.
//!
//! Every expected figure is computed by hand in the comment beside it (base × rate × days /
//! 36,500, rounded half away from zero per period), never by calling the code under test.
//! Rates come from `data/rates/*.csv` (the 1 January / 1 July table in `ecb-mro.notes.md`, the
//! reference-date table in `uk.notes.md`).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::engine::{
    day_before, divide_rounding_half_away, exact_interest_over, half_year_of, inclusive_day_count,
};
use super::*;
use crate::domain::money::{Currency, Money};
use crate::i18n::{Describe, Lang};

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
}

fn eur(amount: Decimal) -> Money {
    Money::new(amount, Currency::Eur)
}

fn gbp(amount: Decimal) -> Money {
    Money::new(amount, Currency::Gbp)
}

fn input(regime: Regime, principal: Money, due: &str, end: &str) -> SimulationInput {
    SimulationInput {
        regime,
        principal,
        due_date: date(due),
        end_date: date(end),
        payments: Vec::new(),
        options: InterestOptions::default(),
    }
}

fn fixed(rate: Decimal) -> Regime {
    Regime::Fixed {
        rate: Rate::from_percent(rate),
        compensation: None,
    }
}

/// Simulates with the built-in tables; a refused input yields an empty result that fails
/// every figure check with a readable message.
#[track_caller]
fn run(input: &SimulationInput) -> Simulation {
    let result = simulate(input, &RateTables::builtin());
    assert!(result.is_ok(), "simulation refused: {result:?}");
    result.unwrap_or_else(|_| empty_simulation(input))
}

fn empty_simulation(input: &SimulationInput) -> Simulation {
    let zero = Money::zero(input.principal.currency());
    Simulation {
        regime: input.regime.clone(),
        options: input.options,
        lateness: Lateness::NotYetDue,
        first_day_of_interest: input.due_date,
        end_date: input.end_date,
        periods: Vec::new(),
        capitalisations: Vec::new(),
        allocations: Vec::new(),
        exact_interest: Decimal::ZERO,
        interest: zero,
        compensation: zero,
        compensation_rule: CompensationRule::None,
        total: zero,
        outstanding: zero,
        balance_due: zero,
        flags: Vec::new(),
    }
}

/// One expected line of the breakdown: start, end, days, annual rate, base, interest.
type Line<'a> = (&'a str, &'a str, u32, Decimal, Decimal, Decimal);

/// Checks the whole breakdown, the interest, the compensation and that the total adds up.
#[track_caller]
fn check(input: &SimulationInput, lines: &[Line<'_>], interest: Decimal, compensation: Decimal) {
    let simulation = run(input);
    let actual: Vec<(NaiveDate, NaiveDate, u32, Decimal, Decimal, Decimal)> = simulation
        .periods
        .iter()
        .map(|period| {
            (
                period.start,
                period.end,
                period.days,
                period.annual_rate.percent(),
                period.base.amount(),
                period.interest.amount(),
            )
        })
        .collect();
    let expected: Vec<(NaiveDate, NaiveDate, u32, Decimal, Decimal, Decimal)> = lines
        .iter()
        .map(|(start, end, days, rate, base, interest)| {
            (date(start), date(end), *days, *rate, *base, *interest)
        })
        .collect();
    assert_eq!(actual, expected, "breakdown");
    assert_eq!(simulation.interest.amount(), interest, "interest");
    assert_eq!(
        simulation.compensation.amount(),
        compensation,
        "compensation"
    );
    let sum: Decimal = simulation.periods.iter().map(|p| p.interest.amount()).sum();
    assert_eq!(sum, interest, "the breakdown adds up to the total");
    assert_eq!(simulation.total.amount(), interest + compensation, "total");
    assert_eq!(
        accrued_interest(input, &RateTables::builtin()).map(Money::amount),
        Ok(interest),
        "the dashboard's fast path agrees"
    );
    let totals = simulate_totals(input, &RateTables::builtin());
    assert_eq!(
        totals.map(|totals| (totals.interest, totals.compensation, totals.total)),
        Ok((
            simulation.interest,
            simulation.compensation,
            simulation.total
        )),
        "the totals-only run agrees to the cent"
    );
}

fn kinds(simulation: &Simulation) -> Vec<&'static str> {
    simulation
        .flags
        .iter()
        .map(|flag| flag.kind().id())
        .collect()
}

// ---------------------------------------------------------------------------------------
// France, B2B (L441-10): ECB rate of 1 January / 1 July + 10 points, 40 €.

#[test]
fn the_specification_example_due_31_january_paid_10_february_is_10_days() {
    // ECB on 1 Jan 2026: 2.15 → 12.15 %. 1,000 × 12.15 × 10 / 36,500 = 3.3287… → 3.33.
    let simulation = input(Regime::FrB2b, eur(dec!(1000)), "2026-01-31", "2026-02-10");
    check(
        &simulation,
        &[(
            "2026-02-01",
            "2026-02-10",
            10,
            dec!(12.15),
            dec!(1000),
            dec!(3.33),
        )],
        dec!(3.33),
        dec!(40),
    );
}

#[test]
fn fr_b2b_changes_rate_at_every_half_year_and_divides_by_365_in_a_leap_year() {
    // ECB 1 Jan 2023 2.50, 1 Jul 2023 4.00, 1 Jan 2024 4.50 (ecb-mro.notes.md).
    // 10,000 × 12.50 × 30 / 36,500 = 3,750,000 / 36,500 = 102.7397 → 102.74
    // 10,000 × 14.00 × 184 / 36,500 = 25,760,000 / 36,500 = 705.7534 → 705.75
    // 10,000 × 14.50 × 46 / 36,500 = 6,670,000 / 36,500 = 182.7397 → 182.74 (2024 is a leap
    // year, still over 365: service-public.fr divides by 36,500 "même si l'année est bissextile")
    // Total 991.23.
    let simulation = input(Regime::FrB2b, eur(dec!(10000)), "2023-05-31", "2024-02-15");
    check(
        &simulation,
        &[
            (
                "2023-06-01",
                "2023-06-30",
                30,
                dec!(12.50),
                dec!(10000),
                dec!(102.74),
            ),
            (
                "2023-07-01",
                "2023-12-31",
                184,
                dec!(14.00),
                dec!(10000),
                dec!(705.75),
            ),
            (
                "2024-01-01",
                "2024-02-15",
                46,
                dec!(14.50),
                dec!(10000),
                dec!(182.74),
            ),
        ],
        dec!(991.23),
        dec!(40),
    );
    let periods = run(&simulation).periods;
    let reasons: Vec<Vec<StartReason>> = periods
        .iter()
        .map(|p| p.starts_because.iter().collect())
        .collect();
    assert_eq!(
        reasons,
        vec![
            vec![StartReason::DayAfterDueDate],
            vec![StartReason::HalfYear],
            vec![StartReason::HalfYear]
        ]
    );
}

#[test]
fn actual_actual_splits_at_1_january_and_counts_leap_year_days_over_366() {
    // Same debt as above; 2024 days over 366: 6,670,000 / 36,600 = 182.2404 → 182.24.
    // 102.74 + 705.75 + 182.24 = 990.73.
    let mut simulation = input(Regime::FrB2b, eur(dec!(10000)), "2023-05-31", "2024-02-15");
    simulation.options.day_count = DayCount::ActAct;
    check(
        &simulation,
        &[
            (
                "2023-06-01",
                "2023-06-30",
                30,
                dec!(12.50),
                dec!(10000),
                dec!(102.74),
            ),
            (
                "2023-07-01",
                "2023-12-31",
                184,
                dec!(14.00),
                dec!(10000),
                dec!(705.75),
            ),
            (
                "2024-01-01",
                "2024-02-15",
                46,
                dec!(14.50),
                dec!(10000),
                dec!(182.24),
            ),
        ],
        dec!(990.73),
        dec!(40),
    );
    // A fixed rate only splits at 1 January: 1,000 × 10 × 31 / 36,500 = 8.4932 → 8.49 (2023),
    // 1,000 × 10 × 31 / 36,600 = 8.4699 → 8.47 (2024).
    let mut fixed_rate = input(fixed(dec!(10)), eur(dec!(1000)), "2023-11-30", "2024-01-31");
    fixed_rate.options.day_count = DayCount::ActAct;
    check(
        &fixed_rate,
        &[
            (
                "2023-12-01",
                "2023-12-31",
                31,
                dec!(10),
                dec!(1000),
                dec!(8.49),
            ),
            (
                "2024-01-01",
                "2024-01-31",
                31,
                dec!(10),
                dec!(1000),
                dec!(8.47),
            ),
        ],
        dec!(16.96),
        dec!(0),
    );
}

#[test]
fn actual_360_is_a_named_option() {
    // 1,000 × 10 × 36 / 36,000 = 10.00 exactly.
    let mut simulation = input(fixed(dec!(10)), eur(dec!(1000)), "2026-01-31", "2026-03-08");
    simulation.options.day_count = DayCount::Act360;
    check(
        &simulation,
        &[(
            "2026-02-01",
            "2026-03-08",
            36,
            dec!(10),
            dec!(1000),
            dec!(10.00),
        )],
        dec!(10.00),
        dec!(0),
    );
}

#[test]
fn an_invoice_paid_in_full_by_its_due_date_owes_nothing() {
    let mut simulation = input(Regime::FrB2b, eur(dec!(1000)), "2026-01-31", "2026-06-30");
    simulation.payments = vec![
        (date("2026-01-20"), eur(dec!(600))),
        (date("2026-01-31"), eur(dec!(400))),
    ];
    check(&simulation, &[], dec!(0), dec!(0));
    let result = run(&simulation);
    assert_eq!(result.lateness, Lateness::PaidOnTime);
    assert!(result.balance_due.is_zero());
    assert_eq!(result.allocations.len(), 2);
}

#[test]
fn one_day_late_owes_one_day_and_the_whole_compensation() {
    // 1,000 × 12.15 × 1 / 36,500 = 0.3329 → 0.33; the 40 € are owed whatever the days.
    let mut simulation = input(Regime::FrB2b, eur(dec!(1000)), "2026-01-31", "2026-02-01");
    simulation.payments = vec![(date("2026-02-01"), eur(dec!(1000)))];
    check(
        &simulation,
        &[(
            "2026-02-01",
            "2026-02-01",
            1,
            dec!(12.15),
            dec!(1000),
            dec!(0.33),
        )],
        dec!(0.33),
        dec!(40),
    );
    let result = run(&simulation);
    assert_eq!(result.outstanding.amount(), dec!(0));
    assert_eq!(result.balance_due.amount(), dec!(40.33));
}

#[test]
fn an_end_date_on_or_before_the_due_date_means_nothing_is_owed_yet() {
    let simulation = input(Regime::FrB2b, eur(dec!(1000)), "2026-01-31", "2026-01-31");
    check(&simulation, &[], dec!(0), dec!(0));
    assert_eq!(run(&simulation).lateness, Lateness::NotYetDue);
    assert_eq!(run(&simulation).outstanding.amount(), dec!(1000));
    let before = input(Regime::FrB2b, eur(dec!(1000)), "2026-01-31", "2025-12-01");
    check(&before, &[], dec!(0), dec!(0));
}

// ---------------------------------------------------------------------------------------
// Partial payments.

#[test]
fn a_partial_payment_reduces_the_base_from_the_day_after_it_is_received() {
    // 1,000 × 12.15 × 10 / 36,500 = 3.3288 → 3.33 (the payment day bears interest on 1,000)
    // 700 × 12.15 × 10 / 36,500 = 85,050 / 36,500 = 2.3301 → 2.33. Total 5.66.
    let mut simulation = input(Regime::FrB2b, eur(dec!(1000)), "2026-01-31", "2026-02-20");
    simulation.payments = vec![(date("2026-02-10"), eur(dec!(300)))];
    check(
        &simulation,
        &[
            (
                "2026-02-01",
                "2026-02-10",
                10,
                dec!(12.15),
                dec!(1000),
                dec!(3.33),
            ),
            (
                "2026-02-11",
                "2026-02-20",
                10,
                dec!(12.15),
                dec!(700),
                dec!(2.33),
            ),
        ],
        dec!(5.66),
        dec!(40),
    );
    let result = run(&simulation);
    assert_eq!(result.outstanding.amount(), dec!(700));
    // 700 + 5.66 + 40 still owed.
    assert_eq!(result.balance_due.amount(), dec!(745.66));
    assert!(
        result
            .periods
            .get(1)
            .is_some_and(|p| p.starts_because.contains(StartReason::Payment))
    );
}

#[test]
fn the_legal_order_settles_compensation_then_interest_then_principal() {
    // The payment of 300 on 10 Feb: 40 compensation, 3.33 interest, 256.67 principal → base
    // 743.33. 743.33 × 12.15 × 10 / 36,500 = 90,314.595 / 36,500 = 2.4744 → 2.47.
    // Interest 3.33 + 2.47 = 5.80; still owed 743.33 + 2.47 = 745.80.
    let mut simulation = input(Regime::FrB2b, eur(dec!(1000)), "2026-01-31", "2026-02-20");
    simulation.payments = vec![(date("2026-02-10"), eur(dec!(300)))];
    simulation.options.payment_order = PaymentOrder::LegalOrder;
    check(
        &simulation,
        &[
            (
                "2026-02-01",
                "2026-02-10",
                10,
                dec!(12.15),
                dec!(1000),
                dec!(3.33),
            ),
            (
                "2026-02-11",
                "2026-02-20",
                10,
                dec!(12.15),
                dec!(743.33),
                dec!(2.47),
            ),
        ],
        dec!(5.80),
        dec!(40),
    );
    let result = run(&simulation);
    let allocation = result.allocations.first().copied();
    assert_eq!(
        allocation.map(|a| (
            a.to_compensation.amount(),
            a.to_interest.amount(),
            a.to_principal.amount()
        )),
        Some((dec!(40), dec!(3.33), dec!(256.67)))
    );
    assert_eq!(result.balance_due.amount(), dec!(745.80));
}

#[test]
fn interest_accrued_before_the_principal_is_paid_in_full_is_never_lost() {
    // Paid 1,000 on 2 March: 1 Feb – 2 Mar is 30 days: 1,000 × 12.15 × 30 / 36,500 = 9.9863 →
    // 9.99. After that the base is zero: no more periods, but the 9.99 stay owed.
    let mut simulation = input(Regime::FrB2b, eur(dec!(1000)), "2026-01-31", "2026-06-30");
    simulation.payments = vec![(date("2026-03-02"), eur(dec!(1000)))];
    check(
        &simulation,
        &[(
            "2026-02-01",
            "2026-03-02",
            30,
            dec!(12.15),
            dec!(1000),
            dec!(9.99),
        )],
        dec!(9.99),
        dec!(40),
    );
    let result = run(&simulation);
    assert_eq!(result.outstanding.amount(), dec!(0));
    assert_eq!(result.balance_due.amount(), dec!(49.99));
}

#[test]
fn payments_in_any_order_same_day_several_and_after_the_end_date() {
    // Two payments on 10 Feb (100 + 200) act as one of 300: same figures as above; a payment
    // after the end date is left out and flagged.
    let mut simulation = input(Regime::FrB2b, eur(dec!(1000)), "2026-01-31", "2026-02-20");
    simulation.payments = vec![
        (date("2026-03-01"), eur(dec!(700))),
        (date("2026-02-10"), eur(dec!(200))),
        (date("2026-02-10"), eur(dec!(100))),
    ];
    check(
        &simulation,
        &[
            (
                "2026-02-01",
                "2026-02-10",
                10,
                dec!(12.15),
                dec!(1000),
                dec!(3.33),
            ),
            (
                "2026-02-11",
                "2026-02-20",
                10,
                dec!(12.15),
                dec!(700),
                dec!(2.33),
            ),
        ],
        dec!(5.66),
        dec!(40),
    );
    let result = run(&simulation);
    assert_eq!(kinds(&result), vec!["payment-after-end-date"]);
    assert_eq!(result.allocations.len(), 2);
}

#[test]
fn overpayment_is_flagged_with_the_unapplied_excess() {
    // 1 day late: 0.33 interest + 40 compensation + 1,000 = 1,040.33 owed; 1,100 paid.
    let mut simulation = input(Regime::FrB2b, eur(dec!(1000)), "2026-01-31", "2026-02-05");
    simulation.payments = vec![(date("2026-02-01"), eur(dec!(1100)))];
    simulation.options.payment_order = PaymentOrder::LegalOrder;
    let result = run(&simulation);
    assert_eq!(
        result.flags,
        vec![Flag::Overpayment {
            unapplied: eur(dec!(59.67))
        }]
    );
    assert!(result.balance_due.is_zero());
}

// ---------------------------------------------------------------------------------------
// France, legal interest, +5 points, rate not yet published.

#[test]
fn fr_legal_uses_the_last_known_rate_for_2026_s2_and_says_so() {
    // From the day after a formal notice of 15 June 2026. "Other cases" 2026 S1: 2.62.
    // 1,000 × 2.62 × 15 / 36,500 = 39,300 / 36,500 = 1.0767 → 1.08
    // 1,000 × 2.62 × 31 / 36,500 = 81,220 / 36,500 = 2.2252 → 2.23 (2026 S2 not published)
    let mut simulation = input(
        Regime::FrLegal {
            category: FrLegalCategory::Other,
        },
        eur(dec!(1000)),
        "2026-05-31",
        "2026-07-31",
    );
    simulation.options.first_day_of_interest = Some(date("2026-06-16"));
    check(
        &simulation,
        &[
            (
                "2026-06-16",
                "2026-06-30",
                15,
                dec!(2.62),
                dec!(1000),
                dec!(1.08),
            ),
            (
                "2026-07-01",
                "2026-07-31",
                31,
                dec!(2.62),
                dec!(1000),
                dec!(2.23),
            ),
        ],
        dec!(3.31),
        dec!(0),
    );
    let result = run(&simulation);
    assert_eq!(kinds(&result), vec!["rate-not-published"]);
    assert_eq!(
        result.flags.first().map(|flag| flag.describe(Lang::Fr)),
        Some(
            "Le taux de l'intérêt légal (tous les autres cas) du 2e semestre 2026 n'est pas encore publié dans Relance : le dernier taux connu (2,62\u{a0}%, en vigueur depuis le 1er janvier 2026) a été utilisé. Ajoutez le taux publié dans Réglages → Taux publiés."
                .to_string()
        )
    );
    assert_eq!(
        result.flags.first().map(|flag| flag.describe(Lang::En)),
        Some(
            "The French legal interest rate (all other cases) for the second half of 2026 is not yet published in Relance: the last known rate (2.62%, in force since 1 January 2026) was used. Add the published rate in Settings → Published rates."
                .to_string()
        )
    );
    let first = result.periods.first();
    assert!(first.is_some_and(|p| p.starts_because.contains(StartReason::ChosenFirstDay)));
    let second = result.periods.get(1);
    assert!(matches!(
        second.map(|p| &p.rate_source),
        Some(RateSource::Table {
            reading: TableReading {
                published: false,
                ..
            },
            ..
        })
    ));
}

#[test]
fn a_rate_added_by_the_user_replaces_the_last_known_one_and_is_shown_as_such() {
    // A hypothetical 2.90 for 2026 S2: 1,000 × 2.90 × 31 / 36,500 = 89,900 / 36,500 = 2.4630 → 2.46.
    let user_rate = UserRate {
        table: TableId::FrLegalOther,
        effective_from: date("2026-07-01"),
        to: None,
        rate: Rate::from_percent(dec!(2.90)),
        source: "JORF du 28 juin 2026".to_string(),
    };
    let tables = RateTables::builtin()
        .with_user_rates(&[user_rate])
        .unwrap_or_default();
    let mut simulation = input(
        Regime::FrLegal {
            category: FrLegalCategory::Other,
        },
        eur(dec!(1000)),
        "2026-06-30",
        "2026-07-31",
    );
    simulation.options.first_day_of_interest = Some(date("2026-07-01"));
    let result = simulate(&simulation, &tables);
    assert_eq!(result.as_ref().map(|s| s.interest.amount()), Ok(dec!(2.46)));
    let result = result.unwrap_or_else(|_| empty_simulation(&simulation));
    assert_eq!(kinds(&result), vec!["rate-user-entered"]);
    let explanation = result
        .periods
        .first()
        .map(|p| p.rate_explanation(Lang::Fr))
        .unwrap_or_default();
    assert!(
        explanation.contains("JORF du 28 juin 2026 (saisi par vous)"),
        "{explanation}"
    );
}

#[test]
fn the_five_points_of_l313_3_start_the_day_after_two_months_from_enforceability() {
    // Enforceable 15 March 2025 → two months run on 15 May → +5 from 16 May.
    // Consumer category 2025 S1: 7.21.
    // 2,000 × 7.21 × 45 / 36,500 = 648,900 / 36,500 = 17.7781 → 17.78 (1 Apr – 15 May)
    // 2,000 × 12.21 × 46 / 36,500 = 1,123,320 / 36,500 = 30.7759 → 30.78 (16 May – 30 Jun)
    let mut simulation = input(
        Regime::FrLegal {
            category: FrLegalCategory::Consumer,
        },
        eur(dec!(2000)),
        "2025-03-31",
        "2025-06-30",
    );
    simulation.options.enforceable_on = Some(date("2025-03-15"));
    check(
        &simulation,
        &[
            (
                "2025-04-01",
                "2025-05-15",
                45,
                dec!(7.21),
                dec!(2000),
                dec!(17.78),
            ),
            (
                "2025-05-16",
                "2025-06-30",
                46,
                dec!(12.21),
                dec!(2000),
                dec!(30.78),
            ),
        ],
        dec!(48.56),
        dec!(0),
    );
    let result = run(&simulation);
    assert!(
        result
            .periods
            .get(1)
            .is_some_and(|p| p.starts_because.contains(StartReason::PlusFivePoints))
    );
    assert!(result.legal_basis(Lang::Fr).contains("16 mai 2025"));
    assert!(result.legal_basis(Lang::Fr).contains("L313-3"));
}

#[test]
fn the_five_points_after_a_31_december_enforceability_start_on_1_march() {
    // Two months from 31 Dec 2023 end on 29 Feb 2024 (no 31 Feb): +5 from 1 Mar 2024.
    // Other cases 2024 S1: 5.07. 1,000 × 5.07 × 29 / 36,500 = 147,030 / 36,500 = 4.0282 → 4.03
    // (1–29 Feb); 1,000 × 10.07 × 31 / 36,500 = 312,170 / 36,500 = 8.5526 → 8.55 (March).
    let mut simulation = input(
        Regime::FrLegal {
            category: FrLegalCategory::Other,
        },
        eur(dec!(1000)),
        "2024-01-31",
        "2024-03-31",
    );
    simulation.options.enforceable_on = Some(date("2023-12-31"));
    check(
        &simulation,
        &[
            (
                "2024-02-01",
                "2024-02-29",
                29,
                dec!(5.07),
                dec!(1000),
                dec!(4.03),
            ),
            (
                "2024-03-01",
                "2024-03-31",
                31,
                dec!(10.07),
                dec!(1000),
                dec!(8.55),
            ),
        ],
        dec!(12.58),
        dec!(0),
    );
}

// ---------------------------------------------------------------------------------------
// Capitalisation (art. 1343-2 Code civil).

#[test]
fn yearly_capitalisation_adds_the_year_s_interest_to_the_base_on_the_anniversary() {
    // 1,000 × 10 × 365 / 36,500 = 100.00 (2021); on 1 Jan 2022 the base becomes 1,100:
    // 1,100 × 10 × 365 / 36,500 = 110.00 (2022). Without capitalisation: 200.00.
    let mut simulation = input(fixed(dec!(10)), eur(dec!(1000)), "2020-12-31", "2022-12-31");
    check(
        &simulation,
        &[(
            "2021-01-01",
            "2022-12-31",
            730,
            dec!(10),
            dec!(1000),
            dec!(200.00),
        )],
        dec!(200.00),
        dec!(0),
    );
    simulation.options.capitalisation = Capitalisation::Annual;
    check(
        &simulation,
        &[
            (
                "2021-01-01",
                "2021-12-31",
                365,
                dec!(10),
                dec!(1000),
                dec!(100.00),
            ),
            (
                "2022-01-01",
                "2022-12-31",
                365,
                dec!(10),
                dec!(1100),
                dec!(110.00),
            ),
        ],
        dec!(210.00),
        dec!(0),
    );
    let result = run(&simulation);
    assert_eq!(
        result.capitalisations,
        vec![CapitalisationEvent {
            on: date("2022-01-01"),
            amount: eur(dec!(100))
        }]
    );
    assert_eq!(result.balance_due.amount(), dec!(1210.00));
}

#[test]
fn capitalisation_is_refused_where_the_law_forbids_it() {
    for regime in [
        Regime::UkB2b,
        Regime::DeB2b,
        Regime::DeConsumer,
        Regime::EuB2b,
    ] {
        let mut simulation = input(regime, eur(dec!(1000)), "2024-01-31", "2026-01-31");
        simulation.options.capitalisation = Capitalisation::Annual;
        let result = simulate(&simulation, &RateTables::builtin());
        assert!(matches!(
            result,
            Err(SimulationError::OptionNotAvailable {
                option: OptionName::Capitalisation,
                ..
            })
        ));
    }
}

// ---------------------------------------------------------------------------------------
// Germany (§ 288 BGB).

#[test]
fn de_b2b_is_the_basiszinssatz_plus_9_changing_on_1_july() {
    // Basiszinssatz 1.62 from 1 Jan 2023, 3.12 from 1 Jul 2023.
    // 1,000 × 10.62 × 15 / 36,500 = 159,300 / 36,500 = 4.3644 → 4.36
    // 1,000 × 12.12 × 14 / 36,500 = 169,680 / 36,500 = 4.6488 → 4.65
    let simulation = input(Regime::DeB2b, eur(dec!(1000)), "2023-06-15", "2023-07-14");
    check(
        &simulation,
        &[
            (
                "2023-06-16",
                "2023-06-30",
                15,
                dec!(10.62),
                dec!(1000),
                dec!(4.36),
            ),
            (
                "2023-07-01",
                "2023-07-14",
                14,
                dec!(12.12),
                dec!(1000),
                dec!(4.65),
            ),
        ],
        dec!(9.01),
        dec!(40),
    );
}

#[test]
fn de_consumer_is_the_negative_basiszinssatz_plus_5_without_compensation() {
    // 2020: -0.88 + 5 = 4.12. 1 Feb – 1 Mar 2020 = 30 days (29 in February).
    // 1,000 × 4.12 × 30 / 36,500 = 123,600 / 36,500 = 3.3863 → 3.39.
    let simulation = input(
        Regime::DeConsumer,
        eur(dec!(1000)),
        "2020-01-31",
        "2020-03-01",
    );
    check(
        &simulation,
        &[(
            "2020-02-01",
            "2020-03-01",
            30,
            dec!(4.12),
            dec!(1000),
            dec!(3.39),
        )],
        dec!(3.39),
        dec!(0),
    );
}

// ---------------------------------------------------------------------------------------
// United Kingdom: rate fixed for the life of the debt; £40 / £70 / £100.

#[test]
fn uk_debt_due_29_june_2023_keeps_11_50_percent_into_2024() {
    // rates README: interest starts 30 Jun 2023 (a first-half day) → Bank Rate on 31 Dec 2022
    // (3.50) + 8 = 11.50 %, fixed even though Bank Rate was 5.25 by then.
    // 30 Jun 2023 – 31 Mar 2024 = 276 days: 5,000 × 11.50 × 276 / 36,500 = 15,870,000 / 36,500
    // = 434.7945 → 434.79. £5,000 is in the £1,000–£9,999.99 band: £70.
    let simulation = input(Regime::UkB2b, gbp(dec!(5000)), "2023-06-29", "2024-03-31");
    check(
        &simulation,
        &[(
            "2023-06-30",
            "2024-03-31",
            276,
            dec!(11.50),
            dec!(5000),
            dec!(434.79),
        )],
        dec!(434.79),
        dec!(70),
    );
    let result = run(&simulation);
    assert!(matches!(
        result.periods.first().map(|p| &p.rate_source),
        Some(RateSource::Table { reading: TableReading { read_on, .. }, .. }) if *read_on == date("2022-12-31")
    ));
    assert!(result.flags.is_empty(), "{:?}", result.flags);
}

#[test]
fn uk_debt_starting_in_july_reads_bank_rate_on_30_june() {
    // Interest from 1 Jul 2023 → Bank Rate on 30 Jun 2023 (5.00) + 8 = 13.00 % (uk.notes.md).
    // 1,000 × 13 × 31 / 36,500 = 403,000 / 36,500 = 11.0411 → 11.04; £1,000.00 exactly → £70.
    let simulation = input(Regime::UkB2b, gbp(dec!(1000)), "2023-06-30", "2023-07-31");
    check(
        &simulation,
        &[(
            "2023-07-01",
            "2023-07-31",
            31,
            dec!(13.00),
            dec!(1000),
            dec!(11.04),
        )],
        dec!(11.04),
        dec!(70),
    );
    let big = input(Regime::UkB2b, gbp(dec!(10000)), "2023-06-30", "2023-07-01");
    assert_eq!(run(&big).compensation.amount(), dec!(100));
    let small = input(Regime::UkB2b, gbp(dec!(999.99)), "2023-06-30", "2023-07-01");
    assert_eq!(run(&small).compensation.amount(), dec!(40));
}

#[test]
fn gov_uk_example_1000_pounds_at_8_5_percent_is_85_a_year_and_23p_a_day() {
    // gov.uk "Late commercial payments" (quoted in uk.notes.md): £1,000 at 0.5 % + 8 = 8.5 %
    // → £85 a year, 23p a day. Bank Rate was 0.50 on 31 Dec 2014.
    // A year from 1 Apr 2015: 1,000 × 8.5 × 365 / 36,500 = 85.00.
    let year = input(Regime::UkB2b, gbp(dec!(1000)), "2015-03-31", "2016-03-30");
    check(
        &year,
        &[(
            "2015-04-01",
            "2016-03-30",
            365,
            dec!(8.5),
            dec!(1000),
            dec!(85.00),
        )],
        dec!(85.00),
        dec!(70),
    );
    // 10 days: our rounding per period gives 1,000 × 8.5 × 10 / 36,500 = 2.3288 → 2.33;
    // gov.uk's "23p a day" is the daily amount rounded first: 0.23 × 10 = 2.30 (a named option).
    let mut ten_days = input(Regime::UkB2b, gbp(dec!(1000)), "2015-03-31", "2015-04-10");
    assert_eq!(run(&ten_days).interest.amount(), dec!(2.33));
    ten_days.options.rounding = Rounding::DailyAmountFirst;
    assert_eq!(run(&ten_days).interest.amount(), dec!(2.30));
}

#[test]
fn uk_rate_past_the_known_bank_rate_is_flagged() {
    // Interest starting in January 2027 needs Bank Rate on 31 Dec 2026: not yet known.
    let simulation = input(Regime::UkB2b, gbp(dec!(500)), "2027-01-15", "2027-02-15");
    let result = run(&simulation);
    assert_eq!(
        kinds(&result),
        vec!["rate-not-published", "rate-unverified"]
    );
    assert!(
        result
            .flags
            .first()
            .map(|f| f.describe(Lang::En))
            .unwrap_or_default()
            .contains("in force on 31 December 2026")
    );
}

// ---------------------------------------------------------------------------------------
// EU directive default; ECB caveats.

#[test]
fn eu_b2b_is_the_ecb_rate_plus_8() {
    // ECB 1 Jan 2025 3.15 → 11.15 %; 1 Jul 2025 2.15 → 10.15 %.
    // 5,000 × 11.15 × 10 / 36,500 = 557,500 / 36,500 = 15.2740 → 15.27
    // 5,000 × 10.15 × 10 / 36,500 = 507,500 / 36,500 = 13.9041 → 13.90
    let simulation = input(Regime::EuB2b, eur(dec!(5000)), "2025-06-20", "2025-07-10");
    check(
        &simulation,
        &[
            (
                "2025-06-21",
                "2025-06-30",
                10,
                dec!(11.15),
                dec!(5000),
                dec!(15.27),
            ),
            (
                "2025-07-01",
                "2025-07-10",
                10,
                dec!(10.15),
                dec!(5000),
                dec!(13.90),
            ),
        ],
        dec!(29.17),
        dec!(40),
    );
}

#[test]
fn ecb_rates_of_the_variable_rate_tender_years_are_flagged() {
    let simulation = input(Regime::FrB2b, eur(dec!(1000)), "2008-05-31", "2009-01-31");
    let result = run(&simulation);
    assert_eq!(
        result.flags,
        vec![Flag::BeforeFixedRateTenders {
            first_needed_on: date("2008-01-01")
        }]
    );
    // 1 Jan 2008: 4.00; 1 Jul 2008: 4.00 (4.25 only from 9 July); 1 Jan 2009: 2.50.
    let rates: Vec<Decimal> = result
        .periods
        .iter()
        .map(|p| p.annual_rate.percent())
        .collect();
    assert_eq!(rates, vec![dec!(14.00), dec!(14.00), dec!(12.50)]);
    let after = input(Regime::FrB2b, eur(dec!(1000)), "2009-05-31", "2009-06-30");
    assert!(run(&after).flags.is_empty());
    let fixed_rate_tenders = input(Regime::EuB2b, eur(dec!(1000)), "1999-05-31", "1999-06-30");
    assert!(run(&fixed_rate_tenders).flags.is_empty());
}

#[test]
fn ecb_rates_of_2026_are_flagged_unverified_and_2027_not_yet_published() {
    let simulation = input(Regime::FrB2b, eur(dec!(1000)), "2026-06-30", "2027-01-31");
    let result = run(&simulation);
    // 2.40 (from 17 June 2026) and 2.65 (from 16 September 2026) are both `added` rows.
    assert_eq!(
        kinds(&result),
        vec!["rate-unverified", "rate-not-published", "rate-unverified"]
    );
    // 2026 S2: 2.40 + 10; 2027 S1: last known 2.65 + 10.
    let rates: Vec<Decimal> = result
        .periods
        .iter()
        .map(|p| p.annual_rate.percent())
        .collect();
    assert_eq!(rates, vec![dec!(12.40), dec!(12.65)]);
    let text = result
        .flags
        .get(1)
        .map(|f| f.describe(Lang::Fr))
        .unwrap_or_default();
    assert!(text.contains("en vigueur le 1er janvier 2027"), "{text}");
    assert!(text.contains("Réglages → Taux"), "{text}");
}

// ---------------------------------------------------------------------------------------
// Contract rate floor; compensation currency.

#[test]
fn a_contract_rate_below_three_times_the_legal_rate_is_flagged() {
    // 2024 S1 "other cases": 5.07 × 3 = 15.21 > 6.
    // 1,000 × 6 × 10 / 36,500 = 1.6438 → 1.64.
    let contract = |rate: Decimal| Regime::FrB2bContract {
        contract_rate: Rate::from_percent(rate),
    };
    let simulation = input(
        contract(dec!(6)),
        eur(dec!(1000)),
        "2024-01-31",
        "2024-02-10",
    );
    check(
        &simulation,
        &[(
            "2024-02-01",
            "2024-02-10",
            10,
            dec!(6),
            dec!(1000),
            dec!(1.64),
        )],
        dec!(1.64),
        dec!(40),
    );
    let result = run(&simulation);
    assert_eq!(
        result.flags,
        vec![Flag::ContractRateBelowFloor {
            contract_rate: Rate::from_percent(dec!(6)),
            legal_rate: Rate::from_percent(dec!(5.07)),
            floor: Rate::from_percent(dec!(15.21)),
            half_year: HalfYear {
                year: 2024,
                second: false
            },
            legal_rate_published: true,
        }]
    );
    assert!(
        result
            .flags
            .first()
            .map(|f| f.describe(Lang::Fr))
            .unwrap_or_default()
            .contains("5,07\u{a0}% × 3 = 15,21\u{a0}%, 1er semestre 2024")
    );
    assert!(matches!(
        result.periods.first().map(|p| &p.rate_source),
        Some(RateSource::Contract)
    ));
    let compliant = input(
        contract(dec!(20)),
        eur(dec!(1000)),
        "2024-01-31",
        "2024-02-10",
    );
    assert!(run(&compliant).flags.is_empty());
    // 2026 S2: the legal rate is not published; compared with the last known 2.62 × 3 = 7.86.
    let unknown = input(
        contract(dec!(7)),
        eur(dec!(1000)),
        "2026-07-31",
        "2026-08-10",
    );
    assert_eq!(
        kinds(&run(&unknown)),
        vec!["rate-not-published", "contract-rate-below-floor"]
    );
}

#[test]
fn the_40_euros_in_another_currency_are_charged_as_40_and_flagged() {
    let simulation = input(Regime::FrB2b, gbp(dec!(1000)), "2026-01-31", "2026-02-10");
    let result = run(&simulation);
    assert_eq!(result.compensation, gbp(dec!(40)));
    assert_eq!(kinds(&result), vec!["compensation-currency"]);
    let agreed = Regime::Fixed {
        rate: Rate::from_percent(dec!(5)),
        compensation: Some(eur(dec!(75))),
    };
    let fixed_regime = input(agreed, eur(dec!(1000)), "2026-01-31", "2026-02-10");
    assert_eq!(run(&fixed_regime).compensation.amount(), dec!(75));
    assert_eq!(
        run(&fixed_regime).compensation_rule,
        CompensationRule::Agreed
    );
}

// ---------------------------------------------------------------------------------------
// Refused inputs: typed errors, never a panic.

#[test]
fn bad_inputs_are_typed_errors_with_sentences() {
    #[track_caller]
    fn refused(simulation: &SimulationInput) -> SimulationError {
        let result = simulate(simulation, &RateTables::builtin());
        assert!(result.is_err(), "accepted: {result:?}");
        let error = result.err().unwrap_or(SimulationError::Overflow);
        for lang in Lang::ALL {
            assert!(
                error.describe(lang).ends_with('.'),
                "{}",
                error.describe(lang)
            );
        }
        error
    }
    let base = input(Regime::FrB2b, eur(dec!(1000)), "2026-01-31", "2026-02-10");

    let mut year_one = base.clone();
    year_one.due_date = date("0001-01-01");
    assert!(matches!(
        refused(&year_one),
        SimulationError::DateOutOfRange {
            field: DateField::DueDate,
            ..
        }
    ));
    let mut year_9999 = base.clone();
    year_9999.end_date = date("9999-12-31");
    assert!(matches!(
        refused(&year_9999),
        SimulationError::DateOutOfRange {
            field: DateField::EndDate,
            ..
        }
    ));

    let mut pounds = base.clone();
    pounds.payments = vec![(date("2026-02-05"), gbp(dec!(10)))];
    assert!(matches!(
        refused(&pounds),
        SimulationError::PaymentCurrency { index: 0, .. }
    ));
    let mut negative = base.clone();
    negative.payments = vec![(date("2026-02-05"), eur(dec!(-10)))];
    assert!(matches!(
        refused(&negative),
        SimulationError::NonPositivePayment { .. }
    ));
    let mut nothing = base.clone();
    nothing.principal = eur(dec!(0));
    assert!(matches!(
        refused(&nothing),
        SimulationError::NonPositivePrincipal { .. }
    ));
    let mut early = base.clone();
    early.options.first_day_of_interest = Some(date("2026-01-01"));
    assert!(matches!(
        refused(&early),
        SimulationError::FirstDayBeforeDueDate { .. }
    ));
    let mut plus_five = base.clone();
    plus_five.options.enforceable_on = Some(date("2026-01-01"));
    assert!(matches!(
        refused(&plus_five),
        SimulationError::OptionNotAvailable {
            option: OptionName::PlusFivePoints,
            regime: RegimeId::FrB2b
        }
    ));
    let negative_rate = input(fixed(dec!(-1)), eur(dec!(1000)), "2026-01-31", "2026-02-10");
    assert!(matches!(
        refused(&negative_rate),
        SimulationError::NegativeRate { .. }
    ));
    let third = Rate::from_percent(Decimal::ONE / Decimal::from(3));
    let too_precise = input(
        Regime::Fixed {
            rate: third,
            compensation: None,
        },
        eur(dec!(1000)),
        "2026-01-31",
        "2026-02-10",
    );
    assert!(matches!(
        refused(&too_precise),
        SimulationError::RateTooPrecise { .. }
    ));
    let too_early = input(Regime::FrB2b, eur(dec!(1000)), "1998-06-30", "1998-08-10");
    assert!(matches!(refused(&too_early), SimulationError::NoRate(_)));
    let huge = input(
        fixed(dec!(100)),
        Money::new(Decimal::MAX, Currency::Eur),
        "2026-01-31",
        "2026-02-10",
    );
    assert_eq!(refused(&huge), SimulationError::Overflow);
}

#[test]
fn the_first_day_may_be_the_due_date_itself_to_count_it_as_well() {
    // Some calculators count the due date too: 11 days.
    // 1,000 × 12.15 × 11 / 36,500 = 133,650 / 36,500 = 3.6616 → 3.66.
    let mut simulation = input(Regime::FrB2b, eur(dec!(1000)), "2026-01-31", "2026-02-10");
    simulation.options.first_day_of_interest = Some(date("2026-01-31"));
    check(
        &simulation,
        &[(
            "2026-01-31",
            "2026-02-10",
            11,
            dec!(12.15),
            dec!(1000),
            dec!(3.66),
        )],
        dec!(3.66),
        dec!(40),
    );
}

#[test]
fn every_line_traces_to_a_rate_and_its_source() {
    let simulation = input(Regime::FrB2b, eur(dec!(10000)), "2023-05-31", "2024-02-15");
    let result = run(&simulation);
    let explanation = result
        .periods
        .get(1)
        .map(|p| p.rate_explanation(Lang::Fr))
        .unwrap_or_default();
    assert!(explanation.starts_with("taux de la BCE (opérations principales de refinancement) en vigueur le 1er juillet 2023 (4,00\u{a0}%) + 10 points = 14,00\u{a0}% ; source : Banka Slovenije"), "{explanation}");
    assert!(result.compensation_line(Lang::Fr).contains("D441-5"));
    assert!(result.legal_basis(Lang::En).contains("L441-10"));
}

// ---------------------------------------------------------------------------------------
// Properties.

mod properties {
    use super::*;
    use proptest::prelude::*;

    const REGIMES: [&str; 8] = [
        "fr-b2b",
        "fr-b2b-contract",
        "fr-legal",
        "de-b2b",
        "de-consumer",
        "uk-b2b",
        "eu-b2b",
        "fixed",
    ];

    fn regime(id: &str) -> Regime {
        match RegimeId::from_id(id) {
            Some(RegimeId::FrB2b) => Regime::FrB2b,
            Some(RegimeId::FrB2bContract) => Regime::FrB2bContract {
                contract_rate: Rate::from_percent(dec!(9.5)),
            },
            Some(RegimeId::FrLegal) => Regime::FrLegal {
                category: FrLegalCategory::Consumer,
            },
            Some(RegimeId::DeB2b) => Regime::DeB2b,
            Some(RegimeId::DeConsumer) => Regime::DeConsumer,
            Some(RegimeId::UkB2b) => Regime::UkB2b,
            Some(RegimeId::EuB2b) => Regime::EuB2b,
            _ => fixed(dec!(7.25)),
        }
    }

    fn day(offset: i64) -> NaiveDate {
        date("2016-01-01") + chrono::Duration::days(offset)
    }

    prop_compose! {
        fn scenario()(
            regime_index in 0usize..8,
            cents in 1i64..100_000_000,
            due in 0i64..3000,
            length in 0i64..1500,
            payments in proptest::collection::vec((0i64..1600, 1i64..50_000_000), 0..4),
            legal_order in any::<bool>(),
            act_act in any::<bool>(),
        ) -> SimulationInput {
            let mut simulation = input(
                regime(REGIMES.get(regime_index).copied().unwrap_or("fixed")),
                eur(Decimal::new(cents, 2)),
                "2016-01-01",
                "2016-01-01",
            );
            simulation.due_date = day(due);
            simulation.end_date = day(due + length);
            simulation.payments = payments
                .into_iter()
                .map(|(offset, cents)| (day(due + offset - 30), eur(Decimal::new(cents, 2))))
                .collect();
            if legal_order {
                simulation.options.payment_order = PaymentOrder::LegalOrder;
            }
            if act_act {
                simulation.options.day_count = DayCount::ActAct;
            }
            simulation
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn interest_is_never_negative_and_the_breakdown_always_adds_up(simulation in scenario()) {
            let result = simulate(&simulation, &RateTables::builtin());
            prop_assert!(result.is_ok(), "{:?}", result);
            let result = result.unwrap_or_else(|_| empty_simulation(&simulation));
            prop_assert!(!result.interest.is_negative());
            prop_assert!(result.periods.iter().all(|p| !p.interest.is_negative() && p.days > 0));
            let sum: Decimal = result.periods.iter().map(|p| p.interest.amount()).sum();
            prop_assert_eq!(sum, result.interest.amount());
            // Periods are contiguous or separated only by zero-base gaps, and in order.
            for pair in result.periods.windows(2) {
                if let [previous, next] = pair {
                    prop_assert!(previous.end < next.start);
                }
            }
        }

        #[test]
        fn more_days_never_means_less_interest(simulation in scenario(), extra in 1i64..800) {
            let tables = RateTables::builtin();
            let shorter = accrued_interest(&simulation, &tables);
            let mut longer_input = simulation.clone();
            longer_input.end_date = simulation.end_date + chrono::Duration::days(extra);
            let longer = accrued_interest(&longer_input, &tables);
            prop_assert!(shorter.is_ok() && longer.is_ok());
            let (shorter, longer) = (shorter.map(Money::amount).unwrap_or_default(), longer.map(Money::amount).unwrap_or_default());
            prop_assert!(longer >= shorter, "{} then {}", shorter, longer);
        }

        #[test]
        fn paying_everything_owed_stops_accrual(simulation in scenario(), extra in 1i64..800) {
            // Pay the balance due at the end date on that day: nothing accrues afterwards.
            let tables = RateTables::builtin();
            let result = simulate(&simulation, &tables);
            prop_assert!(result.is_ok());
            let result = result.unwrap_or_else(|_| empty_simulation(&simulation));
            prop_assume!(result.balance_due.is_positive());
            let mut paid = simulation.clone();
            paid.payments.push((simulation.end_date, result.balance_due));
            let at_end = accrued_interest(&paid, &tables);
            paid.end_date = simulation.end_date + chrono::Duration::days(extra);
            let later = simulate(&paid, &tables);
            prop_assert!(later.is_ok());
            let later = later.unwrap_or_else(|_| empty_simulation(&paid));
            prop_assert_eq!(at_end, Ok(later.interest));
            prop_assert!(later.balance_due.is_zero(), "{}", later.balance_due);
        }

        #[test]
        fn splitting_a_span_never_changes_the_exact_interest(
            cents in 1i64..10_000_000_000,
            rate_bp in 0i64..3000,
            start in 0i64..5000,
            first in 0i64..800,
            second in 0i64..800,
            act_act in any::<bool>(),
        ) {
            let base = eur(Decimal::new(cents, 2));
            let rate = Rate::from_percent(Decimal::new(rate_bp, 2));
            let day_count = if act_act { DayCount::ActAct } else { DayCount::Act365 };
            let (start, middle, end) = (day(start), day(start + first), day(start + first + 1 + second));
            let whole = exact_interest_over(base, rate, start, end, day_count);
            let left = exact_interest_over(base, rate, start, middle, day_count);
            let right = middle.succ_opt().and_then(|next| exact_interest_over(base, rate, next, end, day_count));
            let joined = left.zip(right).and_then(|(left, right)| left.checked_add(right));
            prop_assert!(whole.is_some());
            prop_assert_eq!(whole, joined);
        }

        #[test]
        fn no_input_makes_the_engine_panic(
            due in -80_000i64..80_000,
            end in -80_000i64..80_000,
            cents in any::<i64>(),
            payment in any::<i64>(),
            regime_index in 0usize..8,
        ) {
            let mut simulation = input(
                regime(REGIMES.get(regime_index).copied().unwrap_or("fixed")),
                eur(Decimal::new(cents, 2)),
                "2016-01-01",
                "2016-01-01",
            );
            simulation.due_date = day(due);
            simulation.end_date = day(end);
            simulation.payments = vec![(day(due + 10), eur(Decimal::new(payment, 2)))];
            simulation.options.capitalisation = Capitalisation::Annual;
            let _ = simulate(&simulation, &RateTables::builtin());
        }
    }
}

// The engine's shortcuts (dates from the cursor's own year, 64-bit division) against the plain
// computations they replace.

#[test]
fn half_year_bounds_from_the_cursor_match_the_calendar() {
    let mut day = date("1999-01-01");
    while day <= date("2032-12-31") {
        let half_year = HalfYear::containing(day);
        let expected = (half_year, half_year.start(), half_year.next_start());
        assert_eq!(
            half_year_of(day, StartReasons::default()),
            expected,
            "{day}"
        );
        if half_year.start() == Some(day) {
            let first_day = StartReasons::only(StartReason::HalfYear);
            assert_eq!(half_year_of(day, first_day), expected, "{day}");
        }
        for days_back in [1, 2, 30, 200, 400] {
            if let Some(cursor) = day.checked_sub_days(chrono::Days::new(days_back)) {
                assert_eq!(day_before(day, cursor), day.pred_opt(), "{cursor} {day}");
            }
        }
        day = day.succ_opt().unwrap_or(NaiveDate::MAX);
    }
}

#[test]
fn inclusive_day_count_counts_both_ends_across_years() {
    for (start, end) in [
        ("2024-01-01", "2024-01-01"),
        ("2024-01-01", "2024-12-31"),
        ("2023-12-31", "2024-01-01"),
        ("2015-12-02", "2025-12-31"),
        ("2024-02-28", "2024-03-01"),
    ] {
        let expected = u32::try_from((date(end) - date(start)).num_days() + 1).ok();
        assert_eq!(
            inclusive_day_count(date(start), date(end)),
            expected,
            "{start} {end}"
        );
    }
    assert_eq!(
        inclusive_day_count(date("2024-03-02"), date("2024-03-01")),
        Some(0)
    );
    assert_eq!(
        inclusive_day_count(date("2024-03-03"), date("2024-03-01")),
        None
    );
}

#[test]
fn division_rounds_half_away_from_zero_in_64_and_128_bits() {
    let big = i128::from(i64::MAX) * 4;
    for (numerator, denominator, expected) in [
        (5, 10, 1),
        (-5, 10, -1),
        (4, 10, 0),
        (-4, 10, 0),
        (15, 10, 2),
        (-25, 10, -3),
        (36_500_000_000 * 7 + 18_250_000_000, 36_500_000_000, 8),
        (big + 2, 4, i128::from(i64::MAX) + 1),
        (-(big + 1), 2, -(i128::from(i64::MAX) * 2) - 1),
    ] {
        assert_eq!(
            divide_rounding_half_away(numerator, denominator),
            Some(expected),
            "{numerator} / {denominator}"
        );
    }
}
