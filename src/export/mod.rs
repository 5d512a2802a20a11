//! Pure exports: CSV files and reminder letters, built from domain values.
//! The download itself (Blob, object URL) is the only edge here and lives in `download.rs`
//! once exports exist.
