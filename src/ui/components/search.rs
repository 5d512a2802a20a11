//! Searching lists the way people type: without regard to case or to the accents of Latin
//! letters (`élodie` finds `Élodie`, `coeur` finds `CŒUR`). Pure; shared by the invoices and the
//! clients lists.
//!
//! Written without `str::contains` and without the standard library's Unicode case tables: the
//! lists' code is a lazily loaded chunk, but those library functions were kept in the code every
//! first visit downloads (+4 KB gzip, measured with twiggy); this module's own code stays with
//! the lists.

pub use crate::format::fold;

/// Whether `haystack` holds `needle` (both already folded); an empty needle is everywhere.
pub fn holds(haystack: &str, needle: &str) -> bool {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_lowers_case_and_drops_the_accents_of_latin_letters() {
        assert_eq!(fold("Élodie CŒUR Straße"), "elodie coeur strasse");
        assert_eq!(fold("ÀÉÎÕÜ Ç Ñ Ł Ø Æ"), "aeiou c n l o ae");
        assert_eq!(fold("F-2026-042"), "f-2026-042");
        // Other scripts are kept as they are; nothing is lost.
        assert_eq!(fold("مرحبا 😀 Ωμέγα"), "مرحبا 😀 Ωμέγα");
    }

    #[test]
    fn a_folded_needle_is_found_anywhere_in_a_folded_haystack() {
        assert!(holds(&fold("Société Générale"), &fold("generale")));
        assert!(holds("abc", ""));
        assert!(!holds("abc", "abcd"));
        assert!(!holds("", "a"));
        assert!(holds("😀x", "x"));
    }
}
