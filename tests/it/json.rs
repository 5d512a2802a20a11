//! The hand-written JSON reader and writer (`storage::json`): it reads what serde_json writes
//! and writes it back byte for byte, compact and pretty; it refuses what serde_json refuses.

use std::collections::BTreeMap;

use proptest::prelude::*;
use relance::storage::json::{self, Json, MAX_DEPTH, Problem, Style, UnknownFields, Value, Writer};
use serde_json::Value as SerdeValue;

fn parse(text: &str) -> Json<'_> {
    match json::parse(text) {
        Ok(json) => json,
        Err(error) => panic!("{text:?}: {error}"),
    }
}

#[track_caller]
fn refused(text: &str) -> json::Error {
    match json::parse(text) {
        Ok(json) => panic!("{text:?} was read: {json:?}"),
        Err(error) => {
            assert!(error.is_syntax(), "{text:?}: {error}");
            assert!(
                serde_json::from_str::<SerdeValue>(text).is_err(),
                "serde_json reads {text:?}"
            );
            error
        }
    }
}

fn string(text: &str) -> String {
    let mut writer = Writer::new(Style::Compact);
    writer.string(text);
    writer.finish()
}

fn serde_value() -> impl Strategy<Value = SerdeValue> {
    let scalar = prop_oneof![
        Just(SerdeValue::Null),
        any::<bool>().prop_map(SerdeValue::Bool),
        any::<u64>().prop_map(SerdeValue::from),
        any::<i64>().prop_map(SerdeValue::from),
        any::<f64>().prop_map(SerdeValue::from),
        (-1e6f64..1e6).prop_map(SerdeValue::from),
        "\\PC{0,20}".prop_map(SerdeValue::String),
        "[\"\\\\/\u{0}-\u{1f}\u{7f}é€😀 a]{0,12}".prop_map(SerdeValue::String),
    ];
    scalar.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(SerdeValue::Array),
            proptest::collection::btree_map("\\PC{0,6}", inner, 0..6)
                .prop_map(|map| SerdeValue::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// What serde_json writes, compact or pretty, reads back and writes again to the same text.
    #[test]
    fn serde_json_texts_read_and_write_back_identically(value in serde_value()) {
        let compact = serde_json::to_string(&value).unwrap();
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        let read = json::parse(&compact);
        prop_assert!(read.is_ok(), "{:?}: {:?}", compact, read);
        let read = read.unwrap();
        prop_assert_eq!(json::write(&read, Style::Compact), compact.clone());
        prop_assert_eq!(json::write(&read, Style::Pretty), pretty.clone());
        let read_pretty = json::parse(&pretty);
        prop_assert!(read_pretty.is_ok(), "{:?}", pretty);
        let read_pretty = read_pretty.unwrap();
        let (pretty_again, compact_again) = (
            json::write(&read_pretty, Style::Pretty),
            json::write(&read_pretty, Style::Compact),
        );
        prop_assert_eq!(&pretty_again, &pretty);
        prop_assert_eq!(&compact_again, &compact);
    }

    /// Any string is written exactly as serde_json writes it, and reads back to itself.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them(text in "\\PC{0,30}|[\u{0}-\u{7f}]{0,30}") {
        let written = string(&text);
        prop_assert_eq!(&written, &serde_json::to_string(&text).unwrap());
        prop_assert_eq!(parse(&written).value, Value::String(text.into()));
    }

    /// A valid text with one byte changed, removed or added is read exactly when serde_json
    /// reads it.
    #[test]
    fn damaged_texts_are_refused_exactly_when_serde_json_refuses_them(
        value in serde_value(),
        at in any::<prop::sample::Index>(),
        change in 0..3u8,
        byte in prop::sample::select(b"{}[]\",:0123456789-+.eE \t\n\r\\/bfnrtuxaNIl\x01\x7f".to_vec()),
    ) {
        let mut text = serde_json::to_string(&value).unwrap().into_bytes();
        let at = at.index(text.len() + 1);
        match change {
            0 if at < text.len() => text[at] = byte,
            1 if at < text.len() => {
                text.remove(at);
            }
            _ => text.insert(at, byte),
        }
        // Only texts still in UTF-8 are stored texts.
        if let Ok(text) = String::from_utf8(text) {
            let ours = json::parse(&text);
            let theirs = serde_json::from_str::<SerdeValue>(&text);
            // serde_json also refuses numbers beyond an f64 (`1e999`); we keep their text.
            let out_of_range = theirs
                .as_ref()
                .is_err_and(|error| error.to_string().contains("number out of range"));
            if !out_of_range {
                prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}: {:?}", text, ours);
            }
        }
    }
}

#[test]
fn every_control_character_and_escape_is_written_as_serde_json_writes_it() {
    for code in 0..=0x7fu32 {
        let text = char::from_u32(code).unwrap().to_string();
        assert_eq!(
            string(&text),
            serde_json::to_string(&text).unwrap(),
            "{code}"
        );
    }
    assert_eq!(string("\u{8}\u{c}\n\r\t\"\\/"), r#""\b\f\n\r\t\"\\/""#);
    assert_eq!(string("\u{0}\u{1f}\u{7f}"), "\"\\u0000\\u001f\u{7f}\"");
    assert_eq!(string("é€😀"), "\"é€😀\"");
}

#[test]
fn every_escape_is_read() {
    let read = parse(r#""\"\\\/\b\f\n\r\t\u00e9\u00E9\u20AC\ud83d\ude00\u0000""#);
    assert_eq!(
        read.value,
        Value::String("\"\\/\u{8}\u{c}\n\r\téé€😀\u{0}".into())
    );
    // Written back, each as serde_json writes it.
    assert_eq!(
        json::write(&read, Style::Compact),
        "\"\\\"\\\\/\\b\\f\\n\\r\\téé€😀\\u0000\""
    );
}

#[test]
fn what_json_does_not_allow_is_refused() {
    for text in [
        // Nothing, or more than one value.
        "",
        "   ",
        "{} x",
        "[1] ]",
        "1 2",
        "\"a\" \"b\"",
        "nul",
        "True",
        "undefined",
        // Escapes.
        r#""\x""#,
        r#""\u12""#,
        r#""\u12g4""#,
        r#""\u+123""#,
        r#""\""#,
        r#""\'""#,
        // Lone surrogates.
        r#""\ud800""#,
        r#""\ud800x""#,
        r#""\ud800\n""#,
        r#""\ud800\u0041""#,
        r#""\udc00""#,
        r#""\ude00\ud83d""#,
        // Control characters in strings (escaped, they are fine).
        "\"a\u{0}b\"",
        "\"a\nb\"",
        "\"\t\"",
        "\"\u{1f}\"",
        // Numbers.
        "01",
        "-01",
        "00",
        "1.",
        "1.e5",
        ".5",
        "+1",
        "-",
        "1e",
        "1e+",
        "1E-",
        "NaN",
        "Infinity",
        "-Infinity",
        "0x10",
        "1_000",
        // Structure.
        "[1,]",
        "[,1]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{a:1}",
        "{'a':1}",
        "{\"a\":}",
        "{1:2}",
        "[1 2]",
        "[",
        "{",
        "\"unterminated",
        "[1,2",
        // Whitespace JSON does not know.
        "\u{a0}1",
        "\u{c}1",
        "1\u{b}",
        "\u{feff}1",
    ] {
        refused(text);
    }
}

#[test]
fn errors_say_where_and_what() {
    let error = refused("[1,]");
    assert_eq!(error.at, 3);
    assert_eq!(error.to_string(), "expected a value at byte 3");
    assert_eq!(refused("{\"a\":1} x").at, 8);
    assert_eq!(
        refused("\"é\u{1}\"").to_string(),
        "control character in a string at byte 3"
    );
    assert_eq!(
        refused("[1").to_string(),
        "unexpected end of text at byte 2"
    );
    assert_eq!(refused("01").problem, Problem::Syntax("invalid number"));
    assert_eq!(
        refused(r#""\ud800""#).problem,
        Problem::Syntax("lone surrogate in a \\u escape")
    );
}

#[test]
fn what_json_allows_is_read() {
    for (text, written) in [
        (" \t\r\n1 \t\r\n", "1"),
        ("-0", "-0"),
        ("0.5e-7", "0.5e-7"),
        ("-1E+400", "-1E+400"),
        (
            "123456789012345678901234567890",
            "123456789012345678901234567890",
        ),
        ("[ ]", "[]"),
        ("{ }", "{}"),
        ("[[[]]]", "[[[]]]"),
        ("{\"\":null}", "{\"\":null}"),
        ("\"\u{7f}\"", "\"\u{7f}\""),
        (
            "{ \"b\" : [ true , false ] , \"a\" : 1 }",
            "{\"b\":[true,false],\"a\":1}",
        ),
        // Duplicate names are kept (refused where a record is read, see below).
        ("{\"a\":1,\"a\":2}", "{\"a\":1,\"a\":2}"),
    ] {
        assert_eq!(
            json::write(&parse(text), Style::Compact),
            written,
            "{text:?}"
        );
    }
}

#[test]
fn nesting_is_limited_as_serde_json_limits_it() {
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let deepest = nested(MAX_DEPTH);
    assert!(json::parse(&deepest).is_ok());
    assert!(serde_json::from_str::<SerdeValue>(&deepest).is_ok());
    let error = refused(&nested(MAX_DEPTH + 1));
    assert_eq!(error.problem, Problem::Syntax("nested too deeply"));
    let objects = format!(
        "{}1{}",
        "{\"a\":".repeat(MAX_DEPTH + 1),
        "}".repeat(MAX_DEPTH + 1)
    );
    refused(&objects);
    // Hostile input is refused without overflowing the stack.
    refused(&"[".repeat(1_000_000));
}

#[test]
fn records_refuse_a_field_named_twice_or_unknown() {
    let record = parse(r#"{"i":1,"n":"a","i":2}"#);
    let mut slots = [None; 2];
    let error = record
        .fields(&["i", "n"], &mut slots, UnknownFields::Refused)
        .unwrap_err();
    assert_eq!(error.problem, Problem::DuplicateField("i".into()));
    assert_eq!(error.to_string(), "duplicate field `i` at byte 19");
    // Leniently too: a known field named twice is ambiguous.
    let mut slots = [None; 1];
    assert!(
        record
            .fields(&["i"], &mut slots, UnknownFields::Ignored)
            .is_err()
    );

    let record = parse(r#"{"i":1,"zz":[1,2]}"#);
    let mut slots = [None; 1];
    let error = record
        .fields(&["i"], &mut slots, UnknownFields::Refused)
        .unwrap_err();
    assert_eq!(error.to_string(), "unknown field `zz` at byte 12");
    // Leniently, an unknown field is skipped.
    let mut slots = [None; 1];
    record
        .fields(&["i"], &mut slots, UnknownFields::Ignored)
        .unwrap();
    let [id] = slots;
    assert_eq!(json::opt_u64(id), Ok(Some(1)));
    // A missing field is named.
    assert_eq!(
        record.required(None, "n").unwrap_err().to_string(),
        "missing field `n` at byte 0"
    );
    // Not an object.
    assert!(
        parse("[]")
            .fields(&["i"], &mut [None], UnknownFields::Refused)
            .is_err()
    );
}

#[test]
fn values_are_read_as_serde_reads_them() {
    assert_eq!(parse("18446744073709551615").as_u64(), Ok(u64::MAX));
    for not_u64 in [
        "18446744073709551616",
        "-1",
        "-0",
        "1.0",
        "1e2",
        "\"1\"",
        "null",
    ] {
        assert!(parse(not_u64).as_u64().is_err(), "{not_u64}");
    }
    assert_eq!(parse("4294967295").as_u32(), Ok(u32::MAX));
    assert!(parse("4294967296").as_u32().is_err());
    assert_eq!(parse("-0").as_i128(), Ok(0));
    assert_eq!(
        parse("-170141183460469231731687303715884105728").as_i128(),
        Ok(i128::MIN)
    );
    for not_i128 in [
        "170141183460469231731687303715884105728",
        "1.5",
        "1E3",
        "true",
    ] {
        assert!(parse(not_i128).as_i128().is_err(), "{not_i128}");
    }
    // Absent fields take their default; `null` does only where the field is optional.
    let null = parse("null");
    assert_eq!(json::string(None), Ok(String::new()));
    assert!(json::string(Some(&null)).is_err());
    assert_eq!(json::opt_string(Some(&null)), Ok(None));
    assert_eq!(json::flag(None), Ok(false));
    assert!(json::flag(Some(&null)).is_err());
    assert_eq!(json::items(None).map(<[Json]>::len), Ok(0));
    assert!(json::items(Some(&null)).is_err());
    assert_eq!(json::opt_u32(Some(&null)), Ok(None));
    assert_eq!(json::opt_i128(Some(&parse("-5"))), Ok(Some(-5)));
}

#[test]
fn pretty_objects_of_strings_are_written_as_serde_json_writes_them() {
    let mut texts = BTreeMap::new();
    assert_eq!(
        json::pretty_object(&texts),
        serde_json::to_string_pretty(&texts).unwrap()
    );
    texts.insert("relance.ledger".to_string(), "{\"format\":1}\n".to_string());
    texts.insert("b\u{1}".to_string(), String::new());
    texts.insert("a".to_string(), "é\t😀".to_string());
    let written = json::pretty_object(&texts);
    assert_eq!(written, serde_json::to_string_pretty(&texts).unwrap());
    assert!(
        written.starts_with("{\n  \"a\": \"é\\t😀\",\n"),
        "{written}"
    );
}

#[test]
fn the_writer_nests_as_serde_json_does() {
    let value = serde_json::json!({
        "a": [],
        "b": {},
        "c": [[], {}, [1, [2, {"d": null}]]],
        "e": {"f": {"g": [true, false, -1.5e-7]}},
    });
    let text = value.to_string();
    let read = parse(&text);
    assert_eq!(
        json::write(&read, Style::Pretty),
        serde_json::to_string_pretty(&value).unwrap()
    );
    assert_eq!(json::write(&read, Style::Compact), value.to_string());
    assert_eq!(
        json::write(&Json::new(Value::Array(Vec::new())), Style::Pretty),
        "[]"
    );
}
