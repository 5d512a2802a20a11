//! A chosen file's size against the limit of what it should be, checked from the size the
//! browser reports (`File.size`) before any of its bytes are read, so that choosing a film by
//! mistake (or a crafted file) cannot freeze the tab reading it. Pure, tested natively; the
//! reader is [`super::file_text`].

use crate::format;
use crate::i18n::Lang;

/// Why a chosen file was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileProblem {
    /// Over `limit` bytes (`bytes` is its size): not read at all.
    TooLarge { bytes: u64, limit: u64 },
    /// The browser could not read it (or reported no size).
    Unreadable,
}

/// Whether a file of `size` bytes (as `Blob.size` gives it) may be read under `limit`.
pub fn check(size: f64, limit: u64) -> Result<(), FileProblem> {
    // A size is a whole number of bytes; NaN (no size) cannot be trusted, so it is not read.
    if size.is_nan() || size < 0.0 {
        return Err(FileProblem::Unreadable);
    }
    // Saturating: anything beyond u64 is u64::MAX, over any limit.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let bytes = size as u64;
    if bytes > limit {
        Err(FileProblem::TooLarge { bytes, limit })
    } else {
        Ok(())
    }
}

/// The sentence of a file over its limit, where `what` names what the file should be, with its
/// article (`une sauvegarde de Relance`, `a Relance backup`). Its size is said unless it reads
/// as the limit once rounded ("1.0 MB, more than the 1.0 MB" would make no sense).
pub fn too_large(bytes: u64, limit: u64, what: &str, lang: Lang) -> String {
    let size = format::bytes(bytes, lang);
    let limit = format::bytes(limit, lang);
    if size == limit {
        return match lang {
            Lang::Fr => format!(
                "Ce fichier dépasse les {limit} que peut peser {what}\u{a0}: il n'a pas été lu. Est-ce le bon fichier\u{a0}?"
            ),
            Lang::En => format!(
                "This file is over the {limit} {what} can be: it was not read. Is it the right file?"
            ),
        };
    }
    match lang {
        Lang::Fr => format!(
            "Ce fichier pèse {size}, plus que les {limit} que peut peser {what}\u{a0}: il n'a pas été lu. Est-ce le bon fichier\u{a0}?"
        ),
        Lang::En => format!(
            "This file is {size}, more than the {limit} {what} can be: it was not read. Is it the right file?"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_up_to_its_limit_and_not_one_byte_more() {
        assert_eq!(check(0.0, 1_000), Ok(()));
        assert_eq!(check(1_000.0, 1_000), Ok(()));
        assert_eq!(
            check(1_001.0, 1_000),
            Err(FileProblem::TooLarge {
                bytes: 1_001,
                limit: 1_000
            })
        );
        assert_eq!(
            check(1e30, 1_000),
            Err(FileProblem::TooLarge {
                bytes: u64::MAX,
                limit: 1_000
            })
        );
        assert_eq!(
            check(f64::INFINITY, 1_000),
            Err(FileProblem::TooLarge {
                bytes: u64::MAX,
                limit: 1_000
            })
        );
        assert_eq!(check(f64::NAN, 1_000), Err(FileProblem::Unreadable));
        assert_eq!(check(-1.0, 1_000), Err(FileProblem::Unreadable));
    }

    #[test]
    fn the_sentence_says_the_size_the_limit_and_what_the_file_should_be() {
        assert_eq!(
            too_large(148_200_000, 50_000_000, "a Relance backup", Lang::En),
            "This file is 148.2 MB, more than the 50.0 MB a Relance backup can be: it was not read. Is it the right file?"
        );
        assert_eq!(
            too_large(
                148_200_000,
                50_000_000,
                "une sauvegarde de Relance",
                Lang::Fr
            ),
            "Ce fichier pèse 148,2\u{a0}Mo, plus que les 50,0\u{a0}Mo que peut peser une sauvegarde de Relance\u{a0}: il n'a pas été lu. Est-ce le bon fichier\u{a0}?"
        );
        // One byte over: the rounded size would read as the limit, so it is not said.
        assert_eq!(
            too_large(1_000_001, 1_000_000, "a rates file", Lang::En),
            "This file is over the 1.0 MB a rates file can be: it was not read. Is it the right file?"
        );
        assert_eq!(
            too_large(1_000_001, 1_000_000, "un fichier de taux", Lang::Fr),
            "Ce fichier dépasse les 1,0\u{a0}Mo que peut peser un fichier de taux\u{a0}: il n'a pas été lu. Est-ce le bon fichier\u{a0}?"
        );
    }
}
