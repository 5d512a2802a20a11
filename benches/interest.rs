//! Benchmark placeholder: filled in by the interest work.
fn main() {}
