//! Display formatting of money, rates and dates, per language. Pure; used by the UI, the letters,
//! the CSV and the domain's own sentences (flags, errors, the interest breakdown), so each is
//! written one way only. No float: amounts are formatted from their `Decimal` digits.
//!
//! French: `1 234,56 €` (narrow no-break space U+202F between thousands, no-break space U+00A0
//! before the symbol), `14,50 %`, `31/01/2024` or `31 janvier 2024` (`1er février 2024`).
//! English: `€1,234.56`, `14.50%`, `31 Jan 2024` or `31 January 2024`. Negative numbers take
//! the minus sign U+2212.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::domain::interest::Rate;
use crate::domain::money::{Currency, Money, ROUNDING};
use crate::i18n::Lang;

/// U+202F, the French thousands separator.
const NARROW_NBSP: char = '\u{202f}';
/// U+00A0, between a French number and its unit.
const NBSP: char = '\u{a0}';

/// Groups the digits of a non-negative integer text by three with `separator`.
fn group_thousands(digits: &str, separator: char) -> String {
    let count = digits.chars().count();
    let mut grouped = String::with_capacity(digits.len() + count / 3 * 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (count - index).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    grouped
}

/// A decimal with exactly `decimals` digits after the point, grouped for `lang`, no unit.
/// Rounds with the app's one rule (half away from zero).
pub fn decimal(value: Decimal, decimals: u32, lang: Lang) -> String {
    let mut rounded = value.round_dp_with_strategy(decimals, ROUNDING);
    rounded.rescale(decimals);
    let text = rounded.abs().to_string();
    let (integer, fraction) = match text.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (text.as_str(), None),
    };
    let (thousands, point) = match lang {
        Lang::Fr => (NARROW_NBSP, ','),
        Lang::En => (',', '.'),
    };
    let mut formatted = String::new();
    if rounded.is_sign_negative() && !rounded.is_zero() {
        formatted.push('−');
    }
    formatted.push_str(&group_thousands(integer, thousands));
    if let Some(fraction) = fraction {
        formatted.push(point);
        formatted.push_str(fraction);
    }
    formatted
}

/// An amount with its currency, as people of `lang` write it: `1 234,56 €`, `€1,234.56`.
pub fn money(amount: Money, lang: Lang) -> String {
    let currency = amount.currency();
    let number = decimal(amount.amount(), currency.minor_units(), lang);
    match (lang, currency) {
        (Lang::Fr, _) => format!("{number}{NBSP}{}", currency.symbol()),
        (Lang::En, Currency::Chf) => format!("CHF{NBSP}{number}"),
        (Lang::En, _) => match number.strip_prefix('−') {
            Some(positive) => format!("−{}{positive}", currency.symbol()),
            None => format!("{}{number}", currency.symbol()),
        },
    }
}

/// A percentage with two decimals: `14,50 %` (French puts a no-break space before %), `14.50%`.
pub fn percent(value: Decimal, lang: Lang) -> String {
    with_percent_sign(decimal(value, 2, lang), lang)
}

/// An interest rate: two decimals at least, and every decimal it has, since a rate is never
/// rounded for display: `12,15 %`, `8.00%`, `0.125%`.
pub fn rate(rate: Rate, lang: Lang) -> String {
    let percent = rate.percent();
    let decimals = percent.normalize().scale().max(2);
    with_percent_sign(decimal(percent, decimals, lang), lang)
}

fn with_percent_sign(number: String, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{number}{NBSP}%"),
        Lang::En => format!("{number}%"),
    }
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(date: NaiveDate, lang: Lang) -> &'static str {
    let names = match lang {
        Lang::Fr => &MONTHS_FR,
        Lang::En => &MONTHS_EN,
    };
    names.get(date.month0() as usize).copied().unwrap_or("")
}

/// A short date for tables: `31/01/2024` (FR), `31 Jan 2024` (EN, unambiguous on both sides
/// of the Atlantic).
pub fn date_short(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{:02}/{:02}/{}", date.day(), date.month(), date.year()),
        Lang::En => format!(
            "{} {} {}",
            date.day(),
            month_name(date, lang).get(..3).unwrap_or(""),
            date.year()
        ),
    }
}

/// A size in bytes, to one decimal in the unit that fits: `820 o`, `12,4 ko`, `3,1 Mo` (FR);
/// `820 B`, `12.4 KB`, `3.1 MB` (EN). Units of 1,000 (as the browsers' quotas are spoken of).
pub fn bytes(count: u64, lang: Lang) -> String {
    let (units, point) = match lang {
        Lang::Fr => (["o", "ko", "Mo", "Go"], ','),
        Lang::En => (["B", "KB", "MB", "GB"], '.'),
    };
    let space = match lang {
        Lang::Fr => '\u{a0}',
        Lang::En => ' ',
    };
    if count < 1_000 {
        return format!("{count}{space}{}", units[0]);
    }
    // Tenths, rounded half up (integer arithmetic only), in the largest unit that keeps the
    // figure below 1,000 once rounded.
    let tenths_of = |divisor: u128| (u128::from(count) * 10 + divisor / 2) / divisor;
    let mut divisor: u128 = 1_000;
    let mut unit = units[1];
    for next in &units[2..] {
        if tenths_of(divisor) < 10_000 {
            break;
        }
        divisor = divisor.saturating_mul(1_000);
        unit = next;
    }
    let tenths = tenths_of(divisor);
    format!("{}{point}{}{space}{unit}", tenths / 10, tenths % 10)
}

/// A long date for letters: `1er février 2024`, `31 janvier 2024`; `1 February 2024`.
pub fn date_long(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr if date.day() == 1 => {
            format!("1er {} {}", month_name(date, lang), date.year())
        }
        _ => format!("{} {} {}", date.day(), month_name(date, lang), date.year()),
    }
}

/// French typography for a sentence: a narrow no-break space (U+202F) before `;`, `:`, `?`,
/// `!` and `»`, and after `«`; a no-break space (U+00A0) before `%`. So that a line never starts
/// with a colon or a closing guillemet. Other languages are returned as they are.
pub fn typography(text: &str, lang: Lang) -> String {
    match lang {
        Lang::En => text.to_string(),
        Lang::Fr => {
            let mut out = String::with_capacity(text.len() + 8);
            let mut chars = text.chars().peekable();
            while let Some(character) = chars.next() {
                match (character, chars.peek()) {
                    (' ', Some(';' | ':' | '?' | '!' | '»')) => out.push(NARROW_NBSP),
                    (' ', Some('%')) => out.push(NBSP),
                    ('«', Some(' ')) => {
                        out.push('«');
                        out.push(NARROW_NBSP);
                        chars.next();
                    }
                    _ => out.push(character),
                }
            }
            out
        }
    }
}

/// The plain percent of a rate with at least two decimals, for `data-rate`: `"14.50"`.
pub fn plain_rate(rate: Rate) -> String {
    let mut percent = rate.percent().normalize();
    if percent.scale() < 2 {
        percent.rescale(2);
    }
    percent.to_string()
}

/// Text folded for comparing as people type (the lists' search, the import's column names):
/// written without the standard library's Unicode case tables, which a lazy chunk's use kept
/// in the first visit's code (`ui/components/search.rs`).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_bytes_read_naturally_in_both_languages() {
        assert_eq!(bytes(0, Lang::En), "0 B");
        assert_eq!(bytes(999, Lang::En), "999 B");
        assert_eq!(bytes(1_000, Lang::En), "1.0 KB");
        assert_eq!(bytes(12_449, Lang::En), "12.4 KB");
        assert_eq!(bytes(12_450, Lang::Fr), "12,5\u{a0}ko");
        assert_eq!(bytes(3_100_000, Lang::Fr), "3,1\u{a0}Mo");
        assert_eq!(bytes(999_949, Lang::En), "999.9 KB");
        assert_eq!(bytes(999_999, Lang::En), "1.0 MB");
        assert_eq!(bytes(u64::MAX, Lang::En), "18446744073.7 GB");
    }
    use rust_decimal_macros::dec;

    fn eur(amount: Decimal) -> Money {
        Money::new(amount, Currency::Eur)
    }

    #[test]
    fn money_is_written_the_french_and_the_english_way() {
        assert_eq!(money(eur(dec!(1234.5)), Lang::Fr), "1\u{202f}234,50\u{a0}€");
        assert_eq!(money(eur(dec!(1234.5)), Lang::En), "€1,234.50");
        assert_eq!(money(eur(dec!(0)), Lang::Fr), "0,00\u{a0}€");
        assert_eq!(money(eur(dec!(-40)), Lang::En), "−€40.00");
        assert_eq!(money(eur(dec!(-40)), Lang::Fr), "−40,00\u{a0}€");
        assert_eq!(
            money(Money::new(dec!(1234567.891), Currency::Gbp), Lang::En),
            "£1,234,567.89"
        );
        assert_eq!(
            money(Money::new(dec!(1000), Currency::Chf), Lang::En),
            "CHF\u{a0}1,000.00"
        );
        assert_eq!(
            money(Money::new(dec!(1500), Currency::Jpy), Lang::Fr),
            "1\u{202f}500\u{a0}¥"
        );
        assert_eq!(money(eur(dec!(999.99)), Lang::Fr), "999,99\u{a0}€");
    }

    #[test]
    fn french_sentences_keep_their_punctuation_with_the_word_before() {
        assert_eq!(
            typography("Taux : 2,62 % ; « tous les autres cas » ?", Lang::Fr),
            "Taux\u{202f}: 2,62\u{a0}%\u{202f}; «\u{202f}tous les autres cas\u{202f}»\u{202f}?"
        );
        assert_eq!(typography("http://x : y", Lang::Fr), "http://x\u{202f}: y");
        assert_eq!(typography("Rate: 2.62% ; x", Lang::En), "Rate: 2.62% ; x");
    }

    #[test]
    fn decimals_round_half_away_from_zero() {
        assert_eq!(decimal(dec!(2.675), 2, Lang::En), "2.68");
        assert_eq!(decimal(dec!(-0.001), 2, Lang::En), "0.00");
        assert_eq!(decimal(dec!(123456), 0, Lang::En), "123,456");
    }

    #[test]
    fn percentages_carry_two_decimals() {
        assert_eq!(percent(dec!(14.5), Lang::Fr), "14,50\u{a0}%");
        assert_eq!(percent(dec!(14.5), Lang::En), "14.50%");
        assert_eq!(percent(dec!(-0.88), Lang::En), "−0.88%");
    }

    #[test]
    fn rates_keep_every_decimal_and_two_at_least() {
        let rate = |percent: Decimal| Rate::from_percent(percent);
        assert_eq!(super::rate(rate(dec!(12.15)), Lang::Fr), "12,15\u{a0}%");
        assert_eq!(super::rate(rate(dec!(8)), Lang::En), "8.00%");
        assert_eq!(super::rate(rate(dec!(0.125)), Lang::En), "0.125%");
        assert_eq!(super::rate(rate(dec!(4.500)), Lang::Fr), "4,50\u{a0}%");
        assert_eq!(super::rate(rate(dec!(-0.88)), Lang::Fr), "−0,88\u{a0}%");
    }

    #[test]
    fn dates_follow_each_language() {
        let date = NaiveDate::from_ymd_opt(2024, 1, 31).unwrap_or_default();
        assert_eq!(date_short(date, Lang::Fr), "31/01/2024");
        assert_eq!(date_short(date, Lang::En), "31 Jan 2024");
        assert_eq!(date_long(date, Lang::Fr), "31 janvier 2024");
        assert_eq!(date_long(date, Lang::En), "31 January 2024");
        let first = NaiveDate::from_ymd_opt(2024, 2, 1).unwrap_or_default();
        assert_eq!(date_long(first, Lang::Fr), "1er février 2024");
    }
}
