//! Exports: CSV files and (later) reminder letters, built from domain values. `csv` is pure and
//! tested natively; `download` is the only code that hands a file to the browser.

pub mod csv;
pub mod download;
