//! Independent cross-check of the statutory interest engine (`relance::domain::interest`).
//!
//! Every expected figure below was computed outside the crate, by a Python `decimal` script that
//! reads `data/rates/*.csv` itself and applies the method of `late-interest-rules.md` and
//! `rates/README.md`, then re-checked by hand (the comment above each case shows the arithmetic):
//! - interest runs from the day after the due date through the end date inclusive;
//! - actual days / 365, also in leap years;
//! - periods split at every half-year for fr-b2b, eu-b2b, fr-legal and de-*; never for uk-b2b
//!   (Bank Rate on the 31 Dec / 30 Jun before the first day + 8, fixed for life), fixed and
//!   fr-b2b-contract; and after every partial payment day (the payment day bears interest on the
//!   full base, the base falls from the next day);
//! - each period's interest rounded half away from zero to the cent; total = sum of periods;
//! - compensation 40 (fr-b2b, fr-b2b-contract, eu-b2b, de-b2b), UK £40 / £70 from £1,000.00 /
//!   £100 from £10,000.00, none for fr-legal and de-consumer; nothing if paid by the due date.
//!
//! No expected value is computed by calling the code under test.

use chrono::NaiveDate;
use relance::domain::interest::{
    FlagKind, FrLegalCategory, InterestOptions, Rate, RateTables, Regime, Rounding,
    SimulationInput, simulate,
};
use relance::domain::{Currency, Money};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

struct Case<'a> {
    regime: Regime,
    currency: Currency,
    principal: Decimal,
    due: NaiveDate,
    end: NaiveDate,
    payments: &'a [(NaiveDate, Decimal)],
    options: InterestOptions,
}

/// One expected period: start, end (included), days, annual rate in percent, base, interest.
#[derive(Debug, PartialEq)]
struct P(NaiveDate, NaiveDate, u32, Decimal, Decimal, Decimal);

#[derive(Debug, PartialEq)]
struct Totals {
    interest: Decimal,
    compensation: Decimal,
    total: Decimal,
    outstanding: Decimal,
}

#[track_caller]
fn check(case: &Case, periods: &[P], totals: Totals, flags: &[FlagKind]) {
    let money = |amount: Decimal| Money::new(amount, case.currency);
    let input = SimulationInput {
        regime: case.regime.clone(),
        principal: money(case.principal),
        due_date: case.due,
        end_date: case.end,
        payments: case
            .payments
            .iter()
            .map(|(date, amount)| (*date, money(*amount)))
            .collect(),
        options: case.options,
    };
    let simulation = simulate(&input, &RateTables::builtin()).unwrap();
    let actual: Vec<P> = simulation
        .periods
        .iter()
        .map(|period| {
            assert_eq!(period.base.currency(), case.currency);
            assert_eq!(period.interest.currency(), case.currency);
            P(
                period.start,
                period.end,
                period.days,
                period.annual_rate.percent(),
                period.base.amount(),
                period.interest.amount(),
            )
        })
        .collect();
    assert_eq!(actual, periods, "periods");
    for amount in [
        simulation.interest,
        simulation.compensation,
        simulation.total,
        simulation.outstanding,
    ] {
        assert_eq!(amount.currency(), case.currency);
    }
    let actual_totals = Totals {
        interest: simulation.interest.amount(),
        compensation: simulation.compensation.amount(),
        total: simulation.total.amount(),
        outstanding: simulation.outstanding.amount(),
    };
    assert_eq!(actual_totals, totals, "totals");
    let mut actual_flags: Vec<FlagKind> = simulation.flags.iter().map(|flag| flag.kind()).collect();
    actual_flags.sort();
    actual_flags.dedup();
    assert_eq!(actual_flags, flags, "flags: {:?}", simulation.flags);
}

#[test]
fn fr_b2b_leap_february_in_one_half_year() {
    // ECB rate in force on 1 Jan 2024: 4.50 (row 2023-09-20) + 10 = 14.50 %.
    // 16 Feb .. 30 Mar 2024 = 14 (Feb, leap) + 30 = 44 days, over 365.
    // €1500.00 × 14.50 % × 44 / 365 = 26.219178 → 26.22
    // interest 26.22 + compensation 40.00 = total 66.22
    check(
        &Case {
            regime: Regime::FrB2b,
            currency: Currency::Eur,
            principal: dec!(1500.00),
            due: ymd(2024, 2, 15),
            end: ymd(2024, 3, 30),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2024, 2, 16),
            ymd(2024, 3, 30),
            44,
            dec!(14.50),
            dec!(1500.00),
            dec!(26.22),
        )],
        Totals {
            interest: dec!(26.22),
            compensation: dec!(40.00),
            total: dec!(66.22),
            outstanding: dec!(1500.00),
        },
        &[],
    );
}

#[test]
fn fr_b2b_across_30_june_1_july() {
    // ECB 1 Jan 2023: 2.50 (row 2022-12-21) + 10; 1 Jul 2023: 4.00 (row 2023-06-21) + 10.
    // €10000.00 × 12.50 % × 30 / 365 = 102.739726 → 102.74
    // €10000.00 × 14.00 % × 62 / 365 = 237.808219 → 237.81
    // interest 102.74 + 237.81 = 340.55
    // interest 340.55 + compensation 40.00 = total 380.55
    check(
        &Case {
            regime: Regime::FrB2b,
            currency: Currency::Eur,
            principal: dec!(10000.00),
            due: ymd(2023, 5, 31),
            end: ymd(2023, 8, 31),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2023, 6, 1),
                ymd(2023, 6, 30),
                30,
                dec!(12.50),
                dec!(10000.00),
                dec!(102.74),
            ),
            P(
                ymd(2023, 7, 1),
                ymd(2023, 8, 31),
                62,
                dec!(14.00),
                dec!(10000.00),
                dec!(237.81),
            ),
        ],
        Totals {
            interest: dec!(340.55),
            compensation: dec!(40.00),
            total: dec!(380.55),
            outstanding: dec!(10000.00),
        },
        &[],
    );
}

#[test]
fn fr_b2b_across_31_december_1_january() {
    // ECB 1 Jul 2024: 4.25 (row 2024-06-12) + 10; 1 Jan 2025: 3.15 (row 2024-12-18) + 10.
    // €2500.00 × 14.25 % × 31 / 365 = 30.256849 → 30.26
    // €2500.00 × 13.15 % × 59 / 365 = 53.140411 → 53.14
    // interest 30.26 + 53.14 = 83.40
    // interest 83.40 + compensation 40.00 = total 123.40
    check(
        &Case {
            regime: Regime::FrB2b,
            currency: Currency::Eur,
            principal: dec!(2500.00),
            due: ymd(2024, 11, 30),
            end: ymd(2025, 2, 28),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2024, 12, 1),
                ymd(2024, 12, 31),
                31,
                dec!(14.25),
                dec!(2500.00),
                dec!(30.26),
            ),
            P(
                ymd(2025, 1, 1),
                ymd(2025, 2, 28),
                59,
                dec!(13.15),
                dec!(2500.00),
                dec!(53.14),
            ),
        ],
        Totals {
            interest: dec!(83.40),
            compensation: dec!(40.00),
            total: dec!(123.40),
            outstanding: dec!(2500.00),
        },
        &[],
    );
}

#[test]
fn fr_b2b_ecb_2026_rows_1_july_is_2_40_and_september_hike_ignored() {
    // ECB 1 Jan 2026: 2.15 (row 2025-06-11) + 10; 1 Jul 2026: 2.40 (row 2026-06-17, status `added`,
    // hence rate-unverified) + 10. The 2.65 of 16 Sep 2026 does not change the second half-year.
    // €5000.00 × 12.15 % × 30 / 365 = 49.931507 → 49.93
    // €5000.00 × 12.40 % × 107 / 365 = 181.753425 → 181.75
    // interest 49.93 + 181.75 = 231.68
    // interest 231.68 + compensation 40.00 = total 271.68
    check(
        &Case {
            regime: Regime::FrB2b,
            currency: Currency::Eur,
            principal: dec!(5000.00),
            due: ymd(2026, 5, 31),
            end: ymd(2026, 10, 15),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2026, 6, 1),
                ymd(2026, 6, 30),
                30,
                dec!(12.15),
                dec!(5000.00),
                dec!(49.93),
            ),
            P(
                ymd(2026, 7, 1),
                ymd(2026, 10, 15),
                107,
                dec!(12.40),
                dec!(5000.00),
                dec!(181.75),
            ),
        ],
        Totals {
            interest: dec!(231.68),
            compensation: dec!(40.00),
            total: dec!(271.68),
            outstanding: dec!(5000.00),
        },
        &[FlagKind::RateUnverified],
    );
}

#[test]
fn fr_b2b_several_years_with_partial_payments_one_on_1_july() {
    // ECB 1 Jul 2022: 0.00, 1 Jan 2023: 2.50, 1 Jul 2023: 4.00, 1 Jan 2024: 4.50, 1 Jul 2024: 4.25 (+ 10).
    // The payment of 1 Jul 2023 (first day of a half-year) still bears interest on 10,000 that day.
    // €12000.00 × 10.00 % × 92 / 365 = 302.465753 → 302.47
    // €12000.00 × 12.50 % × 74 / 365 = 304.109589 → 304.11
    // €10000.00 × 12.50 % × 107 / 365 = 366.438356 → 366.44
    // €10000.00 × 14.00 % × 1 / 365 = 3.835616 → 3.84
    // €7000.00 × 14.00 % × 183 / 365 = 491.342466 → 491.34
    // €7000.00 × 14.50 % × 182 / 365 = 506.109589 → 506.11
    // €7000.00 × 14.25 % × 184 / 365 = 502.849315 → 502.85
    // interest 302.47 + 304.11 + 366.44 + 3.84 + 491.34 + 506.11 + 502.85 = 2477.16
    // interest 2477.16 + compensation 40.00 = total 2517.16
    check(
        &Case {
            regime: Regime::FrB2b,
            currency: Currency::Eur,
            principal: dec!(12000.00),
            due: ymd(2022, 9, 30),
            end: ymd(2024, 12, 31),
            payments: &[
                (ymd(2023, 3, 15), dec!(2000.00)),
                (ymd(2023, 7, 1), dec!(3000.00)),
            ],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2022, 10, 1),
                ymd(2022, 12, 31),
                92,
                dec!(10.00),
                dec!(12000.00),
                dec!(302.47),
            ),
            P(
                ymd(2023, 1, 1),
                ymd(2023, 3, 15),
                74,
                dec!(12.50),
                dec!(12000.00),
                dec!(304.11),
            ),
            P(
                ymd(2023, 3, 16),
                ymd(2023, 6, 30),
                107,
                dec!(12.50),
                dec!(10000.00),
                dec!(366.44),
            ),
            P(
                ymd(2023, 7, 1),
                ymd(2023, 7, 1),
                1,
                dec!(14.00),
                dec!(10000.00),
                dec!(3.84),
            ),
            P(
                ymd(2023, 7, 2),
                ymd(2023, 12, 31),
                183,
                dec!(14.00),
                dec!(7000.00),
                dec!(491.34),
            ),
            P(
                ymd(2024, 1, 1),
                ymd(2024, 6, 30),
                182,
                dec!(14.50),
                dec!(7000.00),
                dec!(506.11),
            ),
            P(
                ymd(2024, 7, 1),
                ymd(2024, 12, 31),
                184,
                dec!(14.25),
                dec!(7000.00),
                dec!(502.85),
            ),
        ],
        Totals {
            interest: dec!(2477.16),
            compensation: dec!(40.00),
            total: dec!(2517.16),
            outstanding: dec!(7000.00),
        },
        &[],
    );
}

#[test]
fn fr_b2b_paid_in_full_late_in_two_payments() {
    // No period after the base reaches zero; compensation owed (paid late).
    // €1500.00 × 13.15 % × 10 / 365 = 5.40411 → 5.40
    // €1000.00 × 13.15 % × 30 / 365 = 10.808219 → 10.81
    // interest 5.40 + 10.81 = 16.21
    // interest 16.21 + compensation 40.00 = total 56.21
    check(
        &Case {
            regime: Regime::FrB2b,
            currency: Currency::Eur,
            principal: dec!(1500.00),
            due: ymd(2025, 1, 31),
            end: ymd(2025, 5, 31),
            payments: &[
                (ymd(2025, 2, 10), dec!(500.00)),
                (ymd(2025, 3, 12), dec!(1000.00)),
            ],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2025, 2, 1),
                ymd(2025, 2, 10),
                10,
                dec!(13.15),
                dec!(1500.00),
                dec!(5.40),
            ),
            P(
                ymd(2025, 2, 11),
                ymd(2025, 3, 12),
                30,
                dec!(13.15),
                dec!(1000.00),
                dec!(10.81),
            ),
        ],
        Totals {
            interest: dec!(16.21),
            compensation: dec!(40.00),
            total: dec!(56.21),
            outstanding: dec!(0.00),
        },
        &[],
    );
}

#[test]
fn fr_b2b_paid_in_full_on_the_due_date_owes_nothing() {
    // Paid in full by the due date: no interest, no compensation.
    check(
        &Case {
            regime: Regime::FrB2b,
            currency: Currency::Eur,
            principal: dec!(1000.00),
            due: ymd(2025, 3, 31),
            end: ymd(2025, 4, 30),
            payments: &[(ymd(2025, 3, 31), dec!(1000.00))],
            options: InterestOptions::default(),
        },
        &[],
        Totals {
            interest: dec!(0.00),
            compensation: dec!(0.00),
            total: dec!(0.00),
            outstanding: dec!(0.00),
        },
        &[],
    );
}

#[test]
fn fr_b2b_end_date_on_the_due_date_owes_nothing_yet() {
    // End date on the due date: not late yet, nothing owed.
    check(
        &Case {
            regime: Regime::FrB2b,
            currency: Currency::Eur,
            principal: dec!(1000.00),
            due: ymd(2025, 3, 31),
            end: ymd(2025, 3, 31),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[],
        Totals {
            interest: dec!(0.00),
            compensation: dec!(0.00),
            total: dec!(0.00),
            outstanding: dec!(1000.00),
        },
        &[],
    );
}

#[test]
fn fr_b2b_contract_rate_never_splits_and_is_below_the_floor() {
    // No split at 1 Jul for a contract rate. Floor: 3 × 5.07 (legal rate, other, 2024 S1) = 15.21 > 15.
    // €3000.00 × 15.00 % × 60 / 365 = 73.972603 → 73.97
    // interest 73.97 + compensation 40.00 = total 113.97
    check(
        &Case {
            regime: Regime::FrB2bContract {
                contract_rate: Rate::from_percent(dec!(15)),
            },
            currency: Currency::Eur,
            principal: dec!(3000.00),
            due: ymd(2024, 6, 15),
            end: ymd(2024, 8, 14),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2024, 6, 16),
            ymd(2024, 8, 14),
            60,
            dec!(15.00),
            dec!(3000.00),
            dec!(73.97),
        )],
        Totals {
            interest: dec!(73.97),
            compensation: dec!(40.00),
            total: dec!(113.97),
            outstanding: dec!(3000.00),
        },
        &[FlagKind::ContractRateBelowFloor],
    );
}

#[test]
fn fr_legal_other_across_new_year_into_leap_february() {
    // Legal rate (other): 2023 S2 4.22, 2024 S1 5.07. No compensation.
    // €8000.00 × 4.22 % × 31 / 365 = 28.672877 → 28.67
    // €8000.00 × 5.07 % × 60 / 365 = 66.673973 → 66.67
    // interest 28.67 + 66.67 = 95.34
    // interest 95.34 + compensation 0.00 = total 95.34
    // No date of formal notice given: flagged (art. 1231-6 Code civil), figures unchanged.
    check(
        &Case {
            regime: Regime::FrLegal {
                category: FrLegalCategory::Other,
            },
            currency: Currency::Eur,
            principal: dec!(8000.00),
            due: ymd(2023, 11, 30),
            end: ymd(2024, 2, 29),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2023, 12, 1),
                ymd(2023, 12, 31),
                31,
                dec!(4.22),
                dec!(8000.00),
                dec!(28.67),
            ),
            P(
                ymd(2024, 1, 1),
                ymd(2024, 2, 29),
                60,
                dec!(5.07),
                dec!(8000.00),
                dec!(66.67),
            ),
        ],
        Totals {
            interest: dec!(95.34),
            compensation: dec!(0.00),
            total: dec!(95.34),
            outstanding: dec!(8000.00),
        },
        &[FlagKind::FormalNoticeDateMissing],
    );
}

#[test]
fn fr_legal_consumer_across_new_year_into_leap_february() {
    // Legal rate (consumer): 2023 S2 6.82, 2024 S1 8.01. No compensation.
    // €8000.00 × 6.82 % × 31 / 365 = 46.33863 → 46.34
    // €8000.00 × 8.01 % × 60 / 365 = 105.336986 → 105.34
    // interest 46.34 + 105.34 = 151.68
    // interest 151.68 + compensation 0.00 = total 151.68
    // No date of formal notice given: flagged (art. 1231-6 Code civil), figures unchanged.
    check(
        &Case {
            regime: Regime::FrLegal {
                category: FrLegalCategory::Consumer,
            },
            currency: Currency::Eur,
            principal: dec!(8000.00),
            due: ymd(2023, 11, 30),
            end: ymd(2024, 2, 29),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2023, 12, 1),
                ymd(2023, 12, 31),
                31,
                dec!(6.82),
                dec!(8000.00),
                dec!(46.34),
            ),
            P(
                ymd(2024, 1, 1),
                ymd(2024, 2, 29),
                60,
                dec!(8.01),
                dec!(8000.00),
                dec!(105.34),
            ),
        ],
        Totals {
            interest: dec!(151.68),
            compensation: dec!(0.00),
            total: dec!(151.68),
            outstanding: dec!(8000.00),
        },
        &[FlagKind::FormalNoticeDateMissing],
    );
}

#[test]
fn fr_legal_other_payment_on_30_june() {
    // Legal rate (other): 2025 S1 3.71, 2025 S2 2.76. Paid 1,500 on 30 Jun: one split only.
    // €4000.00 × 3.71 % × 91 / 365 = 36.998356 → 37.00
    // €2500.00 × 2.76 % × 92 / 365 = 17.391781 → 17.39
    // interest 37.00 + 17.39 = 54.39
    // interest 54.39 + compensation 0.00 = total 54.39
    // No date of formal notice given: flagged (art. 1231-6 Code civil), figures unchanged.
    check(
        &Case {
            regime: Regime::FrLegal {
                category: FrLegalCategory::Other,
            },
            currency: Currency::Eur,
            principal: dec!(4000.00),
            due: ymd(2025, 3, 31),
            end: ymd(2025, 9, 30),
            payments: &[(ymd(2025, 6, 30), dec!(1500.00))],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2025, 4, 1),
                ymd(2025, 6, 30),
                91,
                dec!(3.71),
                dec!(4000.00),
                dec!(37.00),
            ),
            P(
                ymd(2025, 7, 1),
                ymd(2025, 9, 30),
                92,
                dec!(2.76),
                dec!(2500.00),
                dec!(17.39),
            ),
        ],
        Totals {
            interest: dec!(54.39),
            compensation: dec!(0.00),
            total: dec!(54.39),
            outstanding: dec!(2500.00),
        },
        &[FlagKind::FormalNoticeDateMissing],
    );
}

#[test]
fn fr_legal_other_2026_s2_not_published_uses_last_known() {
    // 2026 S2 is not in the table: the engine's documented rule is the last known rate (2026 S1
    // other 2.62), with a rate-not-published flag. (Not a statutory figure: re-check once published.)
    // €10000.00 × 2.62 % × 30 / 365 = 21.534247 → 21.53
    // €10000.00 × 2.62 % × 62 / 365 = 44.50411 → 44.50
    // interest 21.53 + 44.50 = 66.03
    // interest 66.03 + compensation 0.00 = total 66.03
    // No date of formal notice given: flagged (art. 1231-6 Code civil), figures unchanged.
    check(
        &Case {
            regime: Regime::FrLegal {
                category: FrLegalCategory::Other,
            },
            currency: Currency::Eur,
            principal: dec!(10000.00),
            due: ymd(2026, 5, 31),
            end: ymd(2026, 8, 31),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2026, 6, 1),
                ymd(2026, 6, 30),
                30,
                dec!(2.62),
                dec!(10000.00),
                dec!(21.53),
            ),
            P(
                ymd(2026, 7, 1),
                ymd(2026, 8, 31),
                62,
                dec!(2.62),
                dec!(10000.00),
                dec!(44.50),
            ),
        ],
        Totals {
            interest: dec!(66.03),
            compensation: dec!(0.00),
            total: dec!(66.03),
            outstanding: dec!(10000.00),
        },
        &[
            FlagKind::RateNotPublished,
            FlagKind::FormalNoticeDateMissing,
        ],
    );
}

#[test]
fn de_b2b_three_half_years() {
    // Basiszinssatz 1.62 (2023-01-01), 3.12 (2023-07-01), 3.62 (2024-01-01), + 9.
    // €20000.00 × 10.62 % × 15 / 365 = 87.287671 → 87.29
    // €20000.00 × 12.12 % × 184 / 365 = 1221.961644 → 1221.96
    // €20000.00 × 12.62 % × 31 / 365 = 214.367123 → 214.37
    // interest 87.29 + 1221.96 + 214.37 = 1523.62
    // interest 1523.62 + compensation 40.00 = total 1563.62
    check(
        &Case {
            regime: Regime::DeB2b,
            currency: Currency::Eur,
            principal: dec!(20000.00),
            due: ymd(2023, 6, 15),
            end: ymd(2024, 1, 31),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2023, 6, 16),
                ymd(2023, 6, 30),
                15,
                dec!(10.62),
                dec!(20000.00),
                dec!(87.29),
            ),
            P(
                ymd(2023, 7, 1),
                ymd(2023, 12, 31),
                184,
                dec!(12.12),
                dec!(20000.00),
                dec!(1221.96),
            ),
            P(
                ymd(2024, 1, 1),
                ymd(2024, 1, 31),
                31,
                dec!(12.62),
                dec!(20000.00),
                dec!(214.37),
            ),
        ],
        Totals {
            interest: dec!(1523.62),
            compensation: dec!(40.00),
            total: dec!(1563.62),
            outstanding: dec!(20000.00),
        },
        &[],
    );
}

#[test]
fn de_b2b_negative_base_rate() {
    // Basiszinssatz -0.88 (2016-07-01 .. 2022-12-31) + 9 = 8.12 %.
    // €1000.00 × 8.12 % × 90 / 365 = 20.021918 → 20.02
    // interest 20.02 + compensation 40.00 = total 60.02
    check(
        &Case {
            regime: Regime::DeB2b,
            currency: Currency::Eur,
            principal: dec!(1000.00),
            due: ymd(2021, 12, 31),
            end: ymd(2022, 3, 31),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2022, 1, 1),
            ymd(2022, 3, 31),
            90,
            dec!(8.12),
            dec!(1000.00),
            dec!(20.02),
        )],
        Totals {
            interest: dec!(20.02),
            compensation: dec!(40.00),
            total: dec!(60.02),
            outstanding: dec!(1000.00),
        },
        &[],
    );
}

#[test]
fn de_b2b_2026_rows() {
    // Basiszinssatz 1.27 (2025-07-01; unchanged 1 Jan 2026) + 9; 1.52 (2026-07-01, `added`) + 9.
    // €7500.00 × 10.27 % × 10 / 365 = 21.10274 → 21.10
    // €7500.00 × 10.52 % × 10 / 365 = 21.616438 → 21.62
    // interest 21.10 + 21.62 = 42.72
    // interest 42.72 + compensation 40.00 = total 82.72
    check(
        &Case {
            regime: Regime::DeB2b,
            currency: Currency::Eur,
            principal: dec!(7500.00),
            due: ymd(2026, 6, 20),
            end: ymd(2026, 7, 10),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2026, 6, 21),
                ymd(2026, 6, 30),
                10,
                dec!(10.27),
                dec!(7500.00),
                dec!(21.10),
            ),
            P(
                ymd(2026, 7, 1),
                ymd(2026, 7, 10),
                10,
                dec!(10.52),
                dec!(7500.00),
                dec!(21.62),
            ),
        ],
        Totals {
            interest: dec!(42.72),
            compensation: dec!(40.00),
            total: dec!(82.72),
            outstanding: dec!(7500.00),
        },
        &[FlagKind::RateUnverified],
    );
}

#[test]
fn de_consumer_negative_base_rate_4_12_split_at_half_years() {
    // 5 + (-0.88) = 4.12 % throughout; still split at each half-year.
    // €3000.00 × 4.12 % × 16 / 365 = 5.418082 → 5.42
    // €3000.00 × 4.12 % × 182 / 365 = 61.630685 → 61.63
    // €3000.00 × 4.12 % × 62 / 365 = 20.995068 → 21.00
    // interest 5.42 + 61.63 + 21.00 = 88.05
    // interest 88.05 + compensation 0.00 = total 88.05
    check(
        &Case {
            regime: Regime::DeConsumer,
            currency: Currency::Eur,
            principal: dec!(3000.00),
            due: ymd(2019, 12, 15),
            end: ymd(2020, 8, 31),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2019, 12, 16),
                ymd(2019, 12, 31),
                16,
                dec!(4.12),
                dec!(3000.00),
                dec!(5.42),
            ),
            P(
                ymd(2020, 1, 1),
                ymd(2020, 6, 30),
                182,
                dec!(4.12),
                dec!(3000.00),
                dec!(61.63),
            ),
            P(
                ymd(2020, 7, 1),
                ymd(2020, 8, 31),
                62,
                dec!(4.12),
                dec!(3000.00),
                dec!(21.00),
            ),
        ],
        Totals {
            interest: dec!(88.05),
            compensation: dec!(0.00),
            total: dec!(88.05),
            outstanding: dec!(3000.00),
        },
        &[],
    );
}

#[test]
fn de_consumer_2013_to_2015_each_negative_step() {
    // 5 + (-0.38) = 4.62; 5 + (-0.63) = 4.37; 5 + (-0.73) = 4.27; 5 + (-0.83) = 4.17.
    // €2000.00 × 4.62 % × 184 / 365 = 46.579726 → 46.58
    // €2000.00 × 4.37 % × 181 / 365 = 43.340822 → 43.34
    // €2000.00 × 4.27 % × 184 / 365 = 43.050959 → 43.05
    // €2000.00 × 4.17 % × 15 / 365 = 3.427397 → 3.43
    // interest 46.58 + 43.34 + 43.05 + 3.43 = 136.40
    // interest 136.40 + compensation 0.00 = total 136.40
    check(
        &Case {
            regime: Regime::DeConsumer,
            currency: Currency::Eur,
            principal: dec!(2000.00),
            due: ymd(2013, 6, 30),
            end: ymd(2015, 1, 15),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2013, 7, 1),
                ymd(2013, 12, 31),
                184,
                dec!(4.62),
                dec!(2000.00),
                dec!(46.58),
            ),
            P(
                ymd(2014, 1, 1),
                ymd(2014, 6, 30),
                181,
                dec!(4.37),
                dec!(2000.00),
                dec!(43.34),
            ),
            P(
                ymd(2014, 7, 1),
                ymd(2014, 12, 31),
                184,
                dec!(4.27),
                dec!(2000.00),
                dec!(43.05),
            ),
            P(
                ymd(2015, 1, 1),
                ymd(2015, 1, 15),
                15,
                dec!(4.17),
                dec!(2000.00),
                dec!(3.43),
            ),
        ],
        Totals {
            interest: dec!(136.40),
            compensation: dec!(0.00),
            total: dec!(136.40),
            outstanding: dec!(2000.00),
        },
        &[],
    );
}

#[test]
fn uk_readme_due_29_june_2023_fixed_at_11_50_into_2024() {
    // rates/README example: interest starts 30 Jun 2023 (first half-year) -> Bank Rate on
    // 31 Dec 2022 = 3.50 + 8 = 11.50 %, fixed into 2024 (no split). £5,000.00 -> £70.
    // £5000.00 × 11.50 % × 276 / 365 = 434.794521 → 434.79
    // interest 434.79 + compensation 70.00 = total 504.79
    check(
        &Case {
            regime: Regime::UkB2b,
            currency: Currency::Gbp,
            principal: dec!(5000.00),
            due: ymd(2023, 6, 29),
            end: ymd(2024, 3, 31),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2023, 6, 30),
            ymd(2024, 3, 31),
            276,
            dec!(11.50),
            dec!(5000.00),
            dec!(434.79),
        )],
        Totals {
            interest: dec!(434.79),
            compensation: dec!(70.00),
            total: dec!(504.79),
            outstanding: dec!(5000.00),
        },
        &[],
    );
}

#[test]
fn uk_july_2023_start_is_13_00_under_1000_gets_40() {
    // Starts 16 Jul 2023 -> Bank Rate on 30 Jun 2023 = 5.00 + 8 = 13.00 %. £999.99 -> £40.
    // £999.99 × 13.00 % × 90 / 365 = 32.054474 → 32.05
    // interest 32.05 + compensation 40.00 = total 72.05
    check(
        &Case {
            regime: Regime::UkB2b,
            currency: Currency::Gbp,
            principal: dec!(999.99),
            due: ymd(2023, 7, 15),
            end: ymd(2023, 10, 13),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2023, 7, 16),
            ymd(2023, 10, 13),
            90,
            dec!(13.00),
            dec!(999.99),
            dec!(32.05),
        )],
        Totals {
            interest: dec!(32.05),
            compensation: dec!(40.00),
            total: dec!(72.05),
            outstanding: dec!(999.99),
        },
        &[],
    );
}

#[test]
fn uk_exactly_1000_gets_70_gov_uk_85_a_year() {
    // gov.uk worked example: £1,000 at 8.5 % (Bank Rate 0.50 on 30 Jun 2014) = £85 a year:
    // 1 Jul 2014 .. 30 Jun 2015 = 365 days, default per-period rounding. Exactly £1,000.00 -> £70.
    // £1000.00 × 8.50 % × 365 / 365 = 85 → 85.00
    // interest 85.00 + compensation 70.00 = total 155.00
    check(
        &Case {
            regime: Regime::UkB2b,
            currency: Currency::Gbp,
            principal: dec!(1000.00),
            due: ymd(2014, 6, 30),
            end: ymd(2015, 6, 30),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2014, 7, 1),
            ymd(2015, 6, 30),
            365,
            dec!(8.50),
            dec!(1000.00),
            dec!(85.00),
        )],
        Totals {
            interest: dec!(85.00),
            compensation: dec!(70.00),
            total: dec!(155.00),
            outstanding: dec!(1000.00),
        },
        &[],
    );
}

#[test]
fn uk_9999_99_gets_70_rate_of_31_december_2024() {
    // Starts 1 Jan 2025 -> Bank Rate on 31 Dec 2024 = 4.75 + 8 = 12.75 %. £9,999.99 -> £70.
    // £9999.99 × 12.75 % × 60 / 365 = 209.588832 → 209.59
    // interest 209.59 + compensation 70.00 = total 279.59
    check(
        &Case {
            regime: Regime::UkB2b,
            currency: Currency::Gbp,
            principal: dec!(9999.99),
            due: ymd(2024, 12, 31),
            end: ymd(2025, 3, 1),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2025, 1, 1),
            ymd(2025, 3, 1),
            60,
            dec!(12.75),
            dec!(9999.99),
            dec!(209.59),
        )],
        Totals {
            interest: dec!(209.59),
            compensation: dec!(70.00),
            total: dec!(279.59),
            outstanding: dec!(9999.99),
        },
        &[],
    );
}

#[test]
fn uk_exactly_10000_gets_100_rate_of_30_june_2025_fixed() {
    // Starts 1 Jul 2025 -> Bank Rate on 30 Jun 2025 = 4.25 + 8 = 12.25 %, fixed through the cuts of
    // Aug and Dec 2025 and into 2026. Exactly £10,000.00 -> £100.
    // £10000.00 × 12.25 % × 215 / 365 = 721.575342 → 721.58
    // interest 721.58 + compensation 100.00 = total 821.58
    check(
        &Case {
            regime: Regime::UkB2b,
            currency: Currency::Gbp,
            principal: dec!(10000.00),
            due: ymd(2025, 6, 30),
            end: ymd(2026, 1, 31),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2025, 7, 1),
            ymd(2026, 1, 31),
            215,
            dec!(12.25),
            dec!(10000.00),
            dec!(721.58),
        )],
        Totals {
            interest: dec!(721.58),
            compensation: dec!(100.00),
            total: dec!(821.58),
            outstanding: dec!(10000.00),
        },
        &[],
    );
}

#[test]
fn uk_partial_payment_no_half_year_split() {
    // Starts 1 Feb 2024 -> Bank Rate on 31 Dec 2023 = 5.25 + 8 = 13.25 %; no split at 1 Jul.
    // The fixed sum follows the invoice amount (£15,000 -> £100), not the balance.
    // £15000.00 × 13.25 % × 44 / 365 = 239.589041 → 239.59
    // £10000.00 × 13.25 % × 199 / 365 = 722.39726 → 722.40
    // interest 239.59 + 722.40 = 961.99
    // interest 961.99 + compensation 100.00 = total 1061.99
    check(
        &Case {
            regime: Regime::UkB2b,
            currency: Currency::Gbp,
            principal: dec!(15000.00),
            due: ymd(2024, 1, 31),
            end: ymd(2024, 9, 30),
            payments: &[(ymd(2024, 3, 15), dec!(5000.00))],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2024, 2, 1),
                ymd(2024, 3, 15),
                44,
                dec!(13.25),
                dec!(15000.00),
                dec!(239.59),
            ),
            P(
                ymd(2024, 3, 16),
                ymd(2024, 9, 30),
                199,
                dec!(13.25),
                dec!(10000.00),
                dec!(722.40),
            ),
        ],
        Totals {
            interest: dec!(961.99),
            compensation: dec!(100.00),
            total: dec!(1061.99),
            outstanding: dec!(10000.00),
        },
        &[],
    );
}

#[test]
fn eu_b2b_three_half_years() {
    // ECB 1 Jul 2024 4.25, 1 Jan 2025 3.15, 1 Jul 2025 2.15, + 8.
    // €6000.00 × 12.25 % × 16 / 365 = 32.219178 → 32.22
    // €6000.00 × 11.15 % × 181 / 365 = 331.750685 → 331.75
    // €6000.00 × 10.15 % × 20 / 365 = 33.369863 → 33.37
    // interest 32.22 + 331.75 + 33.37 = 397.34
    // interest 397.34 + compensation 40.00 = total 437.34
    check(
        &Case {
            regime: Regime::EuB2b,
            currency: Currency::Eur,
            principal: dec!(6000.00),
            due: ymd(2024, 12, 15),
            end: ymd(2025, 7, 20),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2024, 12, 16),
                ymd(2024, 12, 31),
                16,
                dec!(12.25),
                dec!(6000.00),
                dec!(32.22),
            ),
            P(
                ymd(2025, 1, 1),
                ymd(2025, 6, 30),
                181,
                dec!(11.15),
                dec!(6000.00),
                dec!(331.75),
            ),
            P(
                ymd(2025, 7, 1),
                ymd(2025, 7, 20),
                20,
                dec!(10.15),
                dec!(6000.00),
                dec!(33.37),
            ),
        ],
        Totals {
            interest: dec!(397.34),
            compensation: dec!(40.00),
            total: dec!(437.34),
            outstanding: dec!(6000.00),
        },
        &[],
    );
}

#[test]
fn fixed_with_compensation_no_split() {
    // Agreed 9 %, agreed compensation 50; no split at 1 Jul nor 1 Jan.
    // €2000.00 × 9.00 % × 204 / 365 = 100.60274 → 100.60
    // interest 100.60 + compensation 50.00 = total 150.60
    check(
        &Case {
            regime: Regime::Fixed {
                rate: Rate::from_percent(dec!(9)),
                compensation: Some(Money::new(dec!(50.00), Currency::Eur)),
            },
            currency: Currency::Eur,
            principal: dec!(2000.00),
            due: ymd(2024, 6, 20),
            end: ymd(2025, 1, 10),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2024, 6, 21),
            ymd(2025, 1, 10),
            204,
            dec!(9.00),
            dec!(2000.00),
            dec!(100.60),
        )],
        Totals {
            interest: dec!(100.60),
            compensation: dec!(50.00),
            total: dec!(150.60),
            outstanding: dec!(2000.00),
        },
        &[],
    );
}

#[test]
fn fixed_without_compensation_leap_year_over_365() {
    // 366 days of 2024 over 365 (actual/365 even in a leap year).
    // €1234.56 × 7.50 % × 366 / 365 = 92.845677 → 92.85
    // interest 92.85 + compensation 0.00 = total 92.85
    check(
        &Case {
            regime: Regime::Fixed {
                rate: Rate::from_percent(dec!(7.5)),
                compensation: None,
            },
            currency: Currency::Eur,
            principal: dec!(1234.56),
            due: ymd(2023, 12, 31),
            end: ymd(2024, 12, 31),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2024, 1, 1),
            ymd(2024, 12, 31),
            366,
            dec!(7.50),
            dec!(1234.56),
            dec!(92.85),
        )],
        Totals {
            interest: dec!(92.85),
            compensation: dec!(0.00),
            total: dec!(92.85),
            outstanding: dec!(1234.56),
        },
        &[],
    );
}

#[test]
fn fixed_half_cent_rounds_away_from_zero() {
    // Exactly half a cent: 1000.25 × 0.10 × 73 / 365 = 20.005 -> 20.01 (half away from zero; banker's
    // rounding would give 20.00).
    // €1000.25 × 10.00 % × 73 / 365 = 20.005 → 20.01
    // interest 20.01 + compensation 0.00 = total 20.01
    check(
        &Case {
            regime: Regime::Fixed {
                rate: Rate::from_percent(dec!(10)),
                compensation: None,
            },
            currency: Currency::Eur,
            principal: dec!(1000.25),
            due: ymd(2025, 1, 31),
            end: ymd(2025, 4, 14),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2025, 2, 1),
            ymd(2025, 4, 14),
            73,
            dec!(10.00),
            dec!(1000.25),
            dec!(20.01),
        )],
        Totals {
            interest: dec!(20.01),
            compensation: dec!(0.00),
            total: dec!(20.01),
            outstanding: dec!(1000.25),
        },
        &[],
    );
}

#[test]
fn fr_b2b_partial_payment_on_the_due_date_is_still_late() {
    // 400 paid on the due date, not in full: late; base 600 from the first day of interest.
    // €600.00 × 13.15 % × 30 / 365 = 6.484932 → 6.48
    // interest 6.48 + compensation 40.00 = total 46.48
    check(
        &Case {
            regime: Regime::FrB2b,
            currency: Currency::Eur,
            principal: dec!(1000.00),
            due: ymd(2025, 3, 31),
            end: ymd(2025, 4, 30),
            payments: &[(ymd(2025, 3, 31), dec!(400.00))],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2025, 4, 1),
            ymd(2025, 4, 30),
            30,
            dec!(13.15),
            dec!(600.00),
            dec!(6.48),
        )],
        Totals {
            interest: dec!(6.48),
            compensation: dec!(40.00),
            total: dec!(46.48),
            outstanding: dec!(600.00),
        },
        &[],
    );
}

#[test]
fn fr_b2b_payment_on_first_day_of_interest_and_on_end_date() {
    // ECB 1 Jul 2025 2.15 + 10. Payment on the first day of interest bears interest that day; the
    // payment on the end date bears interest that day and reduces the outstanding.
    // €2000.00 × 12.15 % × 1 / 365 = 0.665753 → 0.67
    // €1500.00 × 12.15 % × 30 / 365 = 14.979452 → 14.98
    // interest 0.67 + 14.98 = 15.65
    // interest 15.65 + compensation 40.00 = total 55.65
    check(
        &Case {
            regime: Regime::FrB2b,
            currency: Currency::Eur,
            principal: dec!(2000.00),
            due: ymd(2025, 9, 30),
            end: ymd(2025, 10, 31),
            payments: &[
                (ymd(2025, 10, 1), dec!(500.00)),
                (ymd(2025, 10, 31), dec!(500.00)),
            ],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2025, 10, 1),
                ymd(2025, 10, 1),
                1,
                dec!(12.15),
                dec!(2000.00),
                dec!(0.67),
            ),
            P(
                ymd(2025, 10, 2),
                ymd(2025, 10, 31),
                30,
                dec!(12.15),
                dec!(1500.00),
                dec!(14.98),
            ),
        ],
        Totals {
            interest: dec!(15.65),
            compensation: dec!(40.00),
            total: dec!(55.65),
            outstanding: dec!(1000.00),
        },
        &[],
    );
}

#[test]
fn fr_b2b_partial_payment_before_the_due_date() {
    // 800 paid before the due date: the base is 1,200 from the first day. ECB 1 Jul 2025 2.15 + 10.
    // €1200.00 × 12.15 % × 31 / 365 = 12.383014 → 12.38
    // interest 12.38 + compensation 40.00 = total 52.38
    check(
        &Case {
            regime: Regime::FrB2b,
            currency: Currency::Eur,
            principal: dec!(2000.00),
            due: ymd(2025, 6, 30),
            end: ymd(2025, 7, 31),
            payments: &[(ymd(2025, 6, 15), dec!(800.00))],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2025, 7, 1),
            ymd(2025, 7, 31),
            31,
            dec!(12.15),
            dec!(1200.00),
            dec!(12.38),
        )],
        Totals {
            interest: dec!(12.38),
            compensation: dec!(40.00),
            total: dec!(52.38),
            outstanding: dec!(1200.00),
        },
        &[],
    );
}

#[test]
fn de_b2b_payment_after_end_date_left_out() {
    // Basiszinssatz 2.27 (2025-01-01) + 9. The payment after the end date is left out and flagged.
    // €1000.00 × 11.27 % × 28 / 365 = 8.645479 → 8.65
    // interest 8.65 + compensation 40.00 = total 48.65
    check(
        &Case {
            regime: Regime::DeB2b,
            currency: Currency::Eur,
            principal: dec!(1000.00),
            due: ymd(2025, 1, 31),
            end: ymd(2025, 2, 28),
            payments: &[(ymd(2025, 3, 5), dec!(1000.00))],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2025, 2, 1),
            ymd(2025, 2, 28),
            28,
            dec!(11.27),
            dec!(1000.00),
            dec!(8.65),
        )],
        Totals {
            interest: dec!(8.65),
            compensation: dec!(40.00),
            total: dec!(48.65),
            outstanding: dec!(1000.00),
        },
        &[FlagKind::PaymentAfterEndDate],
    );
}

#[test]
fn fixed_two_payments_on_the_same_day() {
    // Two payments on 14 Feb: one split, base 3000 - 1500 from 15 Feb.
    // €3000.00 × 8.00 % × 14 / 365 = 9.205479 → 9.21
    // €1500.00 × 8.00 % × 45 / 365 = 14.794521 → 14.79
    // interest 9.21 + 14.79 = 24.00
    // interest 24.00 + compensation 0.00 = total 24.00
    check(
        &Case {
            regime: Regime::Fixed {
                rate: Rate::from_percent(dec!(8)),
                compensation: None,
            },
            currency: Currency::Eur,
            principal: dec!(3000.00),
            due: ymd(2025, 1, 31),
            end: ymd(2025, 3, 31),
            payments: &[
                (ymd(2025, 2, 14), dec!(1000.00)),
                (ymd(2025, 2, 14), dec!(500.00)),
            ],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2025, 2, 1),
                ymd(2025, 2, 14),
                14,
                dec!(8.00),
                dec!(3000.00),
                dec!(9.21),
            ),
            P(
                ymd(2025, 2, 15),
                ymd(2025, 3, 31),
                45,
                dec!(8.00),
                dec!(1500.00),
                dec!(14.79),
            ),
        ],
        Totals {
            interest: dec!(24.00),
            compensation: dec!(0.00),
            total: dec!(24.00),
            outstanding: dec!(1500.00),
        },
        &[],
    );
}

#[test]
fn fr_b2b_2008_variable_rate_tenders_flagged() {
    // ECB 1 Jan 2008 and 1 Jul 2008: 4.00 (row 2007-06-13; the 4.25 of 9 Jul 2008 is after 1 Jul)
    // + 10. Variable-rate tender era: minimum bid rate, flagged.
    // €1000.00 × 14.00 % × 15 / 365 = 5.753425 → 5.75
    // €1000.00 × 14.00 % × 184 / 365 = 70.575342 → 70.58
    // interest 5.75 + 70.58 = 76.33
    // interest 76.33 + compensation 40.00 = total 116.33
    check(
        &Case {
            regime: Regime::FrB2b,
            currency: Currency::Eur,
            principal: dec!(1000.00),
            due: ymd(2008, 6, 15),
            end: ymd(2008, 12, 31),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[
            P(
                ymd(2008, 6, 16),
                ymd(2008, 6, 30),
                15,
                dec!(14.00),
                dec!(1000.00),
                dec!(5.75),
            ),
            P(
                ymd(2008, 7, 1),
                ymd(2008, 12, 31),
                184,
                dec!(14.00),
                dec!(1000.00),
                dec!(70.58),
            ),
        ],
        Totals {
            interest: dec!(76.33),
            compensation: dec!(40.00),
            total: dec!(116.33),
            outstanding: dec!(1000.00),
        },
        &[FlagKind::BeforeFixedRateTenders],
    );
}

#[test]
fn fr_legal_consumer_first_row_2015_s1() {
    // Legal rate (consumer) 2015 S1 4.06: 5.005479 -> 5.01.
    // €500.00 × 4.06 % × 90 / 365 = 5.005479 → 5.01
    // interest 5.01 + compensation 0.00 = total 5.01
    // No date of formal notice given: flagged (art. 1231-6 Code civil), figures unchanged.
    check(
        &Case {
            regime: Regime::FrLegal {
                category: FrLegalCategory::Consumer,
            },
            currency: Currency::Eur,
            principal: dec!(500.00),
            due: ymd(2014, 12, 31),
            end: ymd(2015, 3, 31),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2015, 1, 1),
            ymd(2015, 3, 31),
            90,
            dec!(4.06),
            dec!(500.00),
            dec!(5.01),
        )],
        Totals {
            interest: dec!(5.01),
            compensation: dec!(0.00),
            total: dec!(5.01),
            outstanding: dec!(500.00),
        },
        &[FlagKind::FormalNoticeDateMissing],
    );
}

#[test]
fn gov_uk_23p_a_day_daily_amount_first_10_days() {
    // gov.uk: £1,000 at 8.5 % = "23p a day". Read as 23p × days, this holds only with
    // Rounding::DailyAmountFirst (default per-period rounding gives 2.328767 -> 2.33 for 10 days).
    // £1000.00 × 8.50 % / 365 = 0.232877 → 0.23 a day × 10 = 2.30
    // interest 2.30 + compensation 70.00 = total 72.30
    check(
        &Case {
            regime: Regime::UkB2b,
            currency: Currency::Gbp,
            principal: dec!(1000.00),
            due: ymd(2014, 6, 30),
            end: ymd(2014, 7, 10),
            payments: &[],
            options: InterestOptions {
                rounding: Rounding::DailyAmountFirst,
                ..InterestOptions::default()
            },
        },
        &[P(
            ymd(2014, 7, 1),
            ymd(2014, 7, 10),
            10,
            dec!(8.50),
            dec!(1000.00),
            dec!(2.30),
        )],
        Totals {
            interest: dec!(2.30),
            compensation: dec!(70.00),
            total: dec!(72.30),
            outstanding: dec!(1000.00),
        },
        &[],
    );
}

#[test]
fn gov_uk_daily_amount_first_over_a_year_is_not_85() {
    // The two gov.uk figures cannot both hold with one rounding over a year: 23p × 365 = 83.95,
    // not the £85 a year of the same page (which the default per-period rounding gives).
    // £1000.00 × 8.50 % / 365 = 0.232877 → 0.23 a day × 365 = 83.95
    // interest 83.95 + compensation 70.00 = total 153.95
    check(
        &Case {
            regime: Regime::UkB2b,
            currency: Currency::Gbp,
            principal: dec!(1000.00),
            due: ymd(2014, 6, 30),
            end: ymd(2015, 6, 30),
            payments: &[],
            options: InterestOptions {
                rounding: Rounding::DailyAmountFirst,
                ..InterestOptions::default()
            },
        },
        &[P(
            ymd(2014, 7, 1),
            ymd(2015, 6, 30),
            365,
            dec!(8.50),
            dec!(1000.00),
            dec!(83.95),
        )],
        Totals {
            interest: dec!(83.95),
            compensation: dec!(70.00),
            total: dec!(153.95),
            outstanding: dec!(1000.00),
        },
        &[],
    );
}

#[test]
fn gov_uk_23p_for_one_day_per_period() {
    // One day, default rounding: 0.232877 -> 0.23, gov.uk's "23p a day".
    // £1000.00 × 8.50 % × 1 / 365 = 0.232877 → 0.23
    // interest 0.23 + compensation 70.00 = total 70.23
    check(
        &Case {
            regime: Regime::UkB2b,
            currency: Currency::Gbp,
            principal: dec!(1000.00),
            due: ymd(2014, 6, 30),
            end: ymd(2014, 7, 1),
            payments: &[],
            options: InterestOptions::default(),
        },
        &[P(
            ymd(2014, 7, 1),
            ymd(2014, 7, 1),
            1,
            dec!(8.50),
            dec!(1000.00),
            dec!(0.23),
        )],
        Totals {
            interest: dec!(0.23),
            compensation: dec!(70.00),
            total: dec!(70.23),
            outstanding: dec!(1000.00),
        },
        &[],
    );
}

#[test]
fn fr_legal_with_the_date_of_the_formal_notice_starts_that_day_and_is_not_flagged() {
    use relance::domain::interest::{InterestOptions, RateTables, SimulationInput, simulate};
    // Formal notice on 15 Jan 2024; paid 14 Feb 2024: 15 Jan–14 Feb = 31 days at 5.07 % (2024 S1,
    // other cases). €8000.00 × 5.07 % × 31 / 365 = 34.448219 → 34.45.
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let input = SimulationInput {
        regime: Regime::FrLegal {
            category: FrLegalCategory::Other,
        },
        principal: Money::new(dec!(8000), Currency::Eur),
        due_date: date(2023, 11, 30),
        end_date: date(2024, 2, 14),
        payments: vec![],
        options: InterestOptions {
            first_day_of_interest: Some(date(2024, 1, 15)),
            ..InterestOptions::default()
        },
    };
    let simulation = simulate(&input, &RateTables::builtin()).unwrap();
    assert_eq!(simulation.periods.len(), 1);
    assert_eq!(simulation.periods[0].start, date(2024, 1, 15));
    assert_eq!(simulation.periods[0].days, 31);
    assert_eq!(simulation.interest.amount(), dec!(34.45));
    assert!(
        simulation
            .flags
            .iter()
            .all(|flag| flag.kind() != FlagKind::FormalNoticeDateMissing),
        "{:?}",
        simulation.flags
    );
}

#[test]
fn a_period_past_the_last_published_rate_says_so_on_its_own_line() {
    use relance::domain::interest::{InterestOptions, RateTables, SimulationInput, simulate};
    use relance::i18n::Lang;
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let input = SimulationInput {
        regime: Regime::FrLegal {
            category: FrLegalCategory::Other,
        },
        principal: Money::new(dec!(1000), Currency::Eur),
        due_date: date(2026, 5, 31),
        end_date: date(2026, 9, 30),
        payments: vec![],
        options: InterestOptions::default(),
    };
    let simulation = simulate(&input, &RateTables::builtin()).unwrap();
    let [june, second_half] = simulation.periods.as_slice() else {
        panic!("{:?}", simulation.periods)
    };
    assert!(
        !june
            .rate_explanation(Lang::Fr)
            .contains("NON ENCORE PUBLIÉ")
    );
    let french = second_half.rate_explanation(Lang::Fr);
    assert!(
        french.contains("NON ENCORE PUBLIÉ") && french.contains("reconduit"),
        "{french}"
    );
    assert!(
        second_half
            .rate_explanation(Lang::En)
            .contains("NOT YET PUBLISHED")
    );
}

#[test]
fn every_table_regime_names_its_rate_and_margin_on_each_line() {
    use relance::domain::interest::{InterestOptions, RateTables, SimulationInput, simulate};
    use relance::i18n::Lang;
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    for (regime, currency, margin) in [
        (Regime::FrB2b, Currency::Eur, "+ 10 points"),
        (Regime::EuB2b, Currency::Eur, "+ 8 points"),
        (Regime::DeB2b, Currency::Eur, "+ 9 points"),
        (Regime::DeConsumer, Currency::Eur, "+ 5 points"),
        (Regime::UkB2b, Currency::Gbp, "+ 8 points"),
    ] {
        let input = SimulationInput {
            regime: regime.clone(),
            principal: Money::new(dec!(1000), currency),
            due_date: date(2024, 5, 31),
            end_date: date(2025, 2, 28),
            payments: vec![],
            options: InterestOptions::default(),
        };
        let simulation = simulate(&input, &RateTables::builtin()).unwrap();
        for period in &simulation.periods {
            let text = period.rate_explanation(Lang::Fr);
            assert!(
                text.contains(margin) && text.contains("source"),
                "{regime:?}: {text}"
            );
        }
    }
}
