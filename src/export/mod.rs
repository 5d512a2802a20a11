//! Exports: CSV files and reminder letters, built from domain values. `csv`, `tables` and
//! `letter` are pure and tested natively; `download` is the only code that hands a file to
//! the browser.

pub mod csv;
pub mod download;
pub mod letter;
pub mod tables;
