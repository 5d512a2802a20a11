//! Statutory late-payment interest (issue #10): rate tables, regimes, and the engine.
//!
//! - [`tables`]: the rate history compiled from `data/rates/*.csv` (by `build.rs`), merged
//!   with the rates the user adds in Settings;
//! - [`regime`]: the statutory regimes (`fr-b2b`, `uk-b2b`…), their statutes and compensation;
//! - [`options`]: the method's named choices (day count, capitalisation, payment order…);
//! - [`engine`]: [`simulate`] (the breakdown) and [`accrued_interest`] (the dashboard's total);
//! - [`flags`]: what a result needs its reader to know, with stable `data-kind` ids;
//! - [`of_invoice`]: the input of one invoice of the books as of a date, or why there is none;
//! - [`link`]: an input as the Simulator's link parameters.
//!
//! Pure: no clock (the end date is an input), no I/O, no binary floating point.

pub mod engine;
pub mod flags;
pub mod link;
pub mod of_invoice;
pub mod options;
pub mod rate;
pub mod regime;
pub mod tables;

#[cfg(test)]
mod tests;

pub use engine::{
    CapitalisationEvent, DateField, Lateness, PaymentAllocation, Period, RateSource,
    SUPPORTED_YEARS, Simulation, SimulationError, SimulationInput, StartReason, StartReasons,
    TableReading, accrued_interest, contract_rate_floor, simulate, simulate_totals,
};
pub use flags::{Flag, FlagKind};
pub use link::simulator_parameters;
pub use of_invoice::{NotSimulable, input_of_invoice};
pub use options::{Capitalisation, DayCount, InterestOptions, OptionName, PaymentOrder, Rounding};
pub use rate::{HalfYear, ParseRateError, Rate};
pub use regime::{CompensationRule, FrLegalCategory, Regime, RegimeId};
pub use tables::{
    ImportError, ImportProblem, NoRateBefore, RateEntry, RateFile, RateOrigin, RateStatus,
    RateTable, RateTables, Reading, TableId, UserRate, UserRateError, UserRateProblem,
    parse_rate_rows, parse_rates_csv,
};
