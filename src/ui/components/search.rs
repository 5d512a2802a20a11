//! Searching lists the way people type: without regard to case or to the accents of Latin
//! letters (`élodie` finds `Élodie`, `coeur` finds `CŒUR`). Pure; shared by the invoices and the
//! clients lists.
//!
//! Written without `str::contains` and without the standard library's Unicode case tables: the
//! lists' code is a lazily loaded chunk, but those library functions were kept in the code every
//! first visit downloads (+4 KB gzip, measured with twiggy); this module's own code stays with
//! the lists.

/// `text` in lower case, the accents of Latin letters dropped, ligatures spelt out
/// (`Élodie CŒUR Straße` → `elodie coeur strasse`). Other scripts are kept as they are.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for character in text.chars() {
        let plain = match character {
            'A'..='Z' => {
                folded.push(character.to_ascii_lowercase());
                continue;
            }
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä'
            | 'Å' | 'Ā' | 'Ă' | 'Ą' => "a",
            'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
            'ď' | 'đ' | 'Ď' | 'Đ' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė'
            | 'Ę' | 'Ě' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' => {
                "i"
            }
            'ł' | 'ľ' | 'Ł' | 'Ľ' => "l",
            'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø'
            | 'Ō' | 'Ő' => "o",
            'ŕ' | 'ř' | 'Ŕ' | 'Ř' => "r",
            'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => "s",
            'ť' | 'ţ' | 'Ť' | 'Ţ' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů'
            | 'Ű' | 'Ų' => "u",
            'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
            'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
            'æ' | 'Æ' => "ae",
            'œ' | 'Œ' => "oe",
            'ß' => "ss",
            other => {
                folded.push(other);
                continue;
            }
        };
        folded.push_str(plain);
    }
    folded
}

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
