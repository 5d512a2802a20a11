//! Build script placeholder: the rate tables (data/rates/*.csv) will be compiled in here.
fn main() {
    println!("cargo::rerun-if-changed=build.rs");
}
