//! Looking up the rates: the rule "the span is split at every rate change; beyond the last
//! rate known, the last rate is used and flagged". A regime reads its table each half-year
//! (`fr-b2b`, `eu-b2b`, `fr-legal`, `de-*`), once at the UK reference date (`uk-b2b`), or has
//! a given rate (`fixed`, `fr-b2b-contract`); the margin is added, then the 5 points of
//! art. L313-3 CMF from their first day, and the result is never below zero.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::breakdown::{RateSource, TableReading};
use super::error::SimulationError;
use super::input::Detail;
use super::input::SimulationInput;
use super::kernel::rate_in_millionths;
use crate::domain::interest::flags::Flag;
use crate::domain::interest::rate::{HalfYear, Rate};
use crate::domain::interest::regime::{RateRule, Regime};
use crate::domain::interest::tables::{RateEntry, RateOrigin, RateStatus, RateTables, TableId};

/// The +5 points of art. L313-3 CMF, in millionths of a percent.
const PLUS_FIVE_POINTS: i128 = 5_000_000;

/// The UK reference date: the 31 December (interest starting 1 January – 30 June) or 30 June
/// (starting 1 July – 31 December) immediately before the first day of interest.
fn uk_reference_date(first_day: NaiveDate) -> Option<NaiveDate> {
    if first_day.month() <= 6 {
        NaiveDate::from_ymd_opt(first_day.year().checked_sub(1)?, 12, 31)
    } else {
        NaiveDate::from_ymd_opt(first_day.year(), 6, 30)
    }
}

/// The ECB ran variable-rate tenders from 28 June 2000 to 14 October 2008.
fn in_variable_rate_tenders(date: NaiveDate) -> bool {
    const FROM: Option<NaiveDate> = NaiveDate::from_ymd_opt(2000, 6, 28);
    const TO: Option<NaiveDate> = NaiveDate::from_ymd_opt(2008, 10, 14);
    FROM.is_some_and(|from| date >= from) && TO.is_some_and(|to| date <= to)
}

/// The rate each period bears, as the kernel counts it (millionths of a percent): the
/// reading's rate plus the margin ([`RateReader`]), plus the 5 points of art. L313-3 CMF from
/// their first day, never below zero; and the same as a [`Rate`] for the breakdown. Both are
/// made again only when the reading's entry changes or the +5 points start.
pub(super) struct PeriodRates<'t> {
    reader: RateReader<'t>,
    /// The first day of the +5 points (`fr-legal` with the date the decision became
    /// enforceable).
    plus_five_from: Option<NaiveDate>,
    is_contract: bool,
    /// Whether the breakdown is kept (then the `Rate` of each line is made too).
    detail: Detail,
    /// The last rate made: (the reading's generation, +5 points, the rate in millionths, the
    /// same as a `Rate` when recording).
    known: Option<(u32, bool, i128, Option<Rate>)>,
}

impl<'t> PeriodRates<'t> {
    pub(super) fn new(
        tables: &'t RateTables,
        input: &SimulationInput,
        first_day: NaiveDate,
        detail: Detail,
    ) -> Result<PeriodRates<'t>, SimulationError> {
        let reader = RateReader::new(tables, input.regime.rate_rule(), first_day)?;
        let enforceable_on = input.options.enforceable_on;
        let plus_five_from = input.options.plus_five_start();
        if enforceable_on.is_some() && plus_five_from.is_none() {
            return Err(SimulationError::Overflow);
        }
        Ok(PeriodRates {
            reader,
            plus_five_from,
            is_contract: matches!(input.regime, Regime::FrB2bContract { .. }),
            detail,
            known: None,
        })
    }

    /// Whether the rate is read again each half-year (the span is split at 1 January and
    /// 1 July).
    pub(super) fn half_yearly(&self) -> bool {
        matches!(self.reader.rule, RateRule::HalfYearly { .. })
    }

    /// The first day of the +5 points, if they apply.
    pub(super) fn plus_five_from(&self) -> Option<NaiveDate> {
        self.plus_five_from
    }

    /// The rate of the period starting on `start`: in millionths of a percent for the kernel,
    /// as a `Rate` for the breakdown (when recording), and whether the +5 points apply.
    /// `half_year` as for [`RateReader::read`].
    #[inline(always)]
    pub(super) fn on(
        &mut self,
        start: NaiveDate,
        half_year: Option<(HalfYear, Option<NaiveDate>)>,
        flags: &mut Vec<Flag>,
    ) -> Result<(i128, Option<Rate>, bool), SimulationError> {
        let (table_millionths, generation) = self.reader.read(start, half_year, flags)?;
        let plus_five = self.plus_five_from.is_some_and(|from| start >= from);
        if let Some((known_generation, known_plus_five, millionths, rate)) = self.known
            && known_generation == generation
            && known_plus_five == plus_five
        {
            return Ok((millionths, rate, plus_five));
        }
        let millionths = if plus_five {
            table_millionths.checked_add(PLUS_FIVE_POINTS)
        } else {
            Some(table_millionths)
        }
        .ok_or(SimulationError::Overflow)?
        .max(0);
        let rate = if self.detail == Detail::Breakdown {
            let table_rate = self.reader.rate()?;
            Some(
                if plus_five {
                    table_rate
                        .checked_add_points(Decimal::from(5))
                        .ok_or(SimulationError::Overflow)?
                } else {
                    table_rate
                }
                .max_zero(),
            )
        } else {
            None
        };
        self.known = Some((generation, plus_five, millionths, rate));
        Ok((millionths, rate, plus_five))
    }

    /// Where the rate of the last period read comes from, for its line. Built in place: one
    /// copy of the entry per line (a borrowed text for the built-in rates), nothing else.
    #[inline(always)]
    pub(super) fn source(&self, plus_five: bool) -> RateSource {
        match (self.is_contract, self.reader.last()) {
            (true, _) => RateSource::Contract,
            (false, None) => RateSource::Agreed,
            (false, Some(cached)) => RateSource::Table {
                reading: TableReading {
                    table: cached.table,
                    read_on: cached.read_on,
                    entry: cached.entry.clone(),
                    published: cached.published,
                },
                margin_points: cached.margin,
                plus_five_points: plus_five,
            },
        }
    }
}

/// Reads rates for the periods, remembering the last reading (one per half-year) and noting
/// the flags each reading calls for. Rates come out in millionths of a percent, the kernel's
/// unit; the `Rate` and the [`RateSource`] of a line are made only for the breakdown.
struct RateReader<'t> {
    tables: &'t RateTables,
    rule: RateRule,
    first_day: NaiveDate,
    /// `RateRule::Given`: the rate in millionths; table rules: the margin in millionths.
    given_or_margin: i128,
    cache: Option<CachedReading<'t>>,
    /// Where the last reading was found (see [`RateTable::in_force_on_from`]).
    hint: usize,
    /// Counts the readings, so the caller knows when the rate may have changed.
    generation: u32,
}

/// A table reading, borrowed from the tables (no copy of its entry until a line needs one).
#[derive(Clone, Copy)]
struct CachedReading<'t> {
    key: HalfYear,
    table: TableId,
    read_on: NaiveDate,
    entry: &'t RateEntry,
    published: bool,
    margin: Decimal,
    /// The table rate plus the margin, in millionths of a percent.
    millionths: i128,
}

impl<'t> RateReader<'t> {
    fn new(
        tables: &'t RateTables,
        rule: RateRule,
        first_day: NaiveDate,
    ) -> Result<RateReader<'t>, SimulationError> {
        let given_or_margin = match rule {
            RateRule::Given(rate) => rate_in_millionths(rate),
            RateRule::HalfYearly { margin, .. } | RateRule::FixedAtStart { margin, .. } => {
                rate_in_millionths(Rate::from_percent(margin))
            }
        }
        .ok_or(SimulationError::Overflow)?;
        Ok(RateReader {
            tables,
            rule,
            first_day,
            given_or_margin,
            cache: None,
            hint: 0,
            generation: 0,
        })
    }

    /// The annual rate in millionths of a percent (before the +5 points and the floor at
    /// zero) for a period starting on `start`, and the reading's generation. `half_year` is the
    /// half-year of `start` and its first day, when the caller knows them.
    fn read(
        &mut self,
        start: NaiveDate,
        half_year: Option<(HalfYear, Option<NaiveDate>)>,
        flags: &mut Vec<Flag>,
    ) -> Result<(i128, u32), SimulationError> {
        let (table, margin, read_at_start, key, key_start) = match self.rule {
            RateRule::Given(_) => return Ok((self.given_or_margin, 0)),
            RateRule::HalfYearly { table, margin } => {
                let (key, key_start) = match half_year {
                    Some(known) => known,
                    None => {
                        let key = HalfYear::containing(start);
                        (key, key.start())
                    }
                };
                (table, margin, false, key, key_start)
            }
            // Fixed for the life of the debt: one key for every period.
            RateRule::FixedAtStart { table, margin } => (
                table,
                margin,
                true,
                HalfYear::containing(self.first_day),
                None,
            ),
        };
        if let Some(cached) = &self.cache
            && cached.key == key
        {
            return Ok((cached.millionths, self.generation));
        }
        let read_on = if read_at_start {
            uk_reference_date(self.first_day)
        } else {
            key_start
        }
        .ok_or(SimulationError::Overflow)?;
        let reading = self
            .tables
            .table(table)
            .in_force_on_from(read_on, &mut self.hint)?;
        note_reading(flags, table, read_on, reading.entry, reading.published);
        // Rates change far less often than half-years: the same entry as the last reading
        // gives the same rate (and the same generation, so the caller keeps its own).
        let millionths = match &self.cache {
            Some(cached) if std::ptr::eq(cached.entry, reading.entry) => cached.millionths,
            _ => {
                self.generation = self.generation.wrapping_add(1);
                rate_in_millionths(reading.entry.rate)
                    .and_then(|rate| rate.checked_add(self.given_or_margin))
                    .ok_or(SimulationError::Overflow)?
            }
        };
        self.cache = Some(CachedReading {
            key,
            table,
            read_on,
            entry: reading.entry,
            published: reading.published,
            margin,
            millionths,
        });
        Ok((millionths, self.generation))
    }

    /// The annual rate of the last reading (before the +5 points and the floor at zero), as
    /// the breakdown shows it.
    fn rate(&self) -> Result<Rate, SimulationError> {
        match (self.rule, &self.cache) {
            (RateRule::Given(rate), _) => Ok(rate),
            (_, Some(cached)) => cached
                .entry
                .rate
                .checked_add_points(cached.margin)
                .ok_or(SimulationError::Overflow),
            (_, None) => Err(SimulationError::Overflow),
        }
    }

    /// The last table reading (`None` for a given rate).
    fn last(&self) -> Option<&CachedReading<'t>> {
        self.cache.as_ref()
    }
}

fn note_reading(
    flags: &mut Vec<Flag>,
    table: TableId,
    read_on: NaiveDate,
    entry: &RateEntry,
    published: bool,
) {
    if !published {
        push_unique(
            flags,
            Flag::RateNotPublished {
                table,
                needed_on: read_on,
                used: entry.rate,
                used_from: entry.effective_from,
            },
        );
    }
    match (entry.origin, entry.status) {
        (RateOrigin::User, _) => push_unique(
            flags,
            Flag::RateUserEntered {
                table,
                effective_from: entry.effective_from,
                rate: entry.rate,
            },
        ),
        (RateOrigin::Builtin, RateStatus::Added) => push_unique(
            flags,
            Flag::RateUnverified {
                table,
                effective_from: entry.effective_from,
                rate: entry.rate,
                source: entry.source.to_string(),
            },
        ),
        (RateOrigin::Builtin, RateStatus::Verified) => {}
    }
    if table == TableId::EcbMro
        && in_variable_rate_tenders(read_on)
        && !flags
            .iter()
            .any(|flag| matches!(flag, Flag::BeforeFixedRateTenders { .. }))
    {
        flags.push(Flag::BeforeFixedRateTenders {
            first_needed_on: read_on,
        });
    }
}

fn push_unique(flags: &mut Vec<Flag>, flag: Flag) {
    if !flags.contains(&flag) {
        flags.push(flag);
    }
}

/// `fr-b2b-contract`: compares the contract rate with 3 × the legal rate (all other cases:
/// the creditor is a professional) of the half-year of the first day of interest. Before the
/// legal-rate table starts (2015) there is nothing to compare with, and no flag.
pub(super) fn check_contract_floor(
    flags: &mut Vec<Flag>,
    tables: &RateTables,
    contract_rate: Rate,
    first_day: NaiveDate,
) {
    let half_year = HalfYear::containing(first_day);
    let Some(read_on) = half_year.start() else {
        return;
    };
    let Ok(reading) = tables.table(TableId::FrLegalOther).in_force_on(read_on) else {
        return;
    };
    if !reading.published {
        note_reading(flags, TableId::FrLegalOther, read_on, reading.entry, false);
    }
    flags.extend(contract_rate_floor(tables, contract_rate, first_day));
}

/// The floor of a French contract rate (art. L441-10 Code de commerce: at least three times
/// the legal rate, all other cases, of the half-year of `first_day`): the
/// `ContractRateBelowFloor` flag when `contract_rate` is below it, for the invoice form's
/// warning and the engine alike. `None` at or above the floor, or before the table starts.
pub fn contract_rate_floor(
    tables: &RateTables,
    contract_rate: Rate,
    first_day: NaiveDate,
) -> Option<Flag> {
    let half_year = HalfYear::containing(first_day);
    let read_on = half_year.start()?;
    let reading = tables
        .table(TableId::FrLegalOther)
        .in_force_on(read_on)
        .ok()?;
    let legal_rate = reading.entry.rate;
    let floor = legal_rate.checked_mul(Decimal::from(3))?;
    (contract_rate < floor).then_some(Flag::ContractRateBelowFloor {
        contract_rate,
        legal_rate,
        floor,
        half_year,
        legal_rate_published: reading.published,
    })
}
