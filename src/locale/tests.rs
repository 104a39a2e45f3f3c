//! Tests of the number, date, word and style readers, with the cases of SPEC §4 and issue 3.
use super::*;
use proptest::prelude::*;

const EN: Language = Language::English;
const MX: Language = Language::Spanish(Variant::EsMx);
const ES: Language = Language::Spanish(Variant::EsEs);

fn values(text: &str, language: Language) -> Vec<Value> {
    figures(text, language).into_iter().map(|f| f.value).collect()
}

/// The single figure of `text`, and whether it was read from a word.
fn one(text: &str, language: Language) -> (Value, bool) {
    let found = figures(text, language);
    assert_eq!(found.len(), 1, "{text:?} in {language:?} gave {found:?}");
    (found[0].value.clone(), found[0].from_word)
}

fn num(n: f64) -> Value {
    Value::Number(n)
}

fn date(year: Option<i32>, month: u32, day: u32) -> Value {
    Value::Date { year, month, day }
}

fn time(hour: u32, minute: u32) -> Value {
    Value::Time { hour, minute }
}

/// Each text holds exactly one figure with this value, read from digits.
fn assert_reads(cases: &[(&str, Language, Value)]) {
    for (text, language, want) in cases {
        assert_eq!(one(text, *language), (want.clone(), false), "{text}");
    }
}

/// Each text holds exactly one figure with this value, read from a word.
fn assert_words(cases: &[(&str, Language, Value)]) {
    for (text, language, want) in cases {
        assert_eq!(one(text, *language), (want.clone(), true), "{text}");
    }
}

#[test]
#[rustfmt::skip]
fn numbers_follow_each_variant() {
    assert_reads(&[
        ("1,250.5", EN, num(1250.5)), ("1,000,000", EN, num(1e6)), ("1,250.5", MX, num(1250.5)),
        ("1.250,5", ES, num(1250.5)), ("1 250,5", ES, num(1250.5)), ("1\u{a0}250,5", ES, num(1250.5)),
        ("1\u{202f}250,5", ES, num(1250.5)), ("1250,5", ES, num(1250.5)), ("1.000", ES, num(1000.0)),
        ("2026", EN, num(2026.0)), ("0.5", EN, num(0.5)), ("0,5", ES, num(0.5)), ("-5", EN, num(-5.0)),
        ("50%", MX, Value::Percent(50.0)), ("50 %", MX, Value::Percent(50.0)),
        ("50\u{a0}%", MX, Value::Percent(50.0)), ("50 por ciento", MX, Value::Percent(50.0)),
        ("50 percent", EN, Value::Percent(50.0)), ("12,5 %", ES, Value::Percent(12.5)),
    ]);
    assert_eq!(values("in 2026.", EN), [num(2026.0)]);
    assert_eq!(values("10-20", EN), [num(10.0), num(20.0)]);
    assert_eq!(values("de 10 a 20", MX), [num(10.0), num(20.0)]);
    assert_eq!(values("1,2,3", EN), [num(1.0), num(2.0), num(3.0)]);
}

#[test]
fn near_misses_differ() {
    assert_eq!(one("1,250", ES).0, num(1.25));
    assert_ne!(one("1,250", EN), one("1,250", ES));
    assert_eq!(one("1.250", ES), one("1,250", EN));
    assert_eq!(one("1.250", MX).0, num(1.25));
    assert_ne!(one("1.250", MX), one("1,250", EN));
}

#[test]
#[rustfmt::skip]
fn dates_in_both_languages() {
    let full = date(Some(2026), 11, 27);
    let nov27 = date(None, 11, 27);
    assert_reads(&[
        ("November 27, 2026", EN, full.clone()), ("Nov. 27, 2026", EN, full.clone()),
        ("27 November 2026", EN, full.clone()), ("11/27/2026", EN, full.clone()),
        ("2026-11-27", EN, full.clone()), ("Nov 27", EN, nov27.clone()), ("May 1st", EN, date(None, 5, 1)),
        ("27th of November", EN, nov27.clone()),
        ("27 de noviembre de 2026", MX, full.clone()), ("27 de nov. de 2026", MX, full.clone()),
        ("27 noviembre 2026", MX, full.clone()), ("27/11/2026", MX, full.clone()),
        ("27 de noviembre", MX, nov27.clone()), ("27 nov.", MX, nov27),
        ("1.º de mayo del 2026", MX, date(Some(2026), 5, 1)), ("3 de setiembre", MX, date(None, 9, 3)),
        ("3 de sept.", MX, date(None, 9, 3)), ("el 5 de Mayo", MX, date(None, 5, 5)),
    ]);
    // Figures around a date stay separate; "may" in lower case is the English verb.
    assert_eq!(values("On March 3, 40 people came", EN), [date(None, 3, 3), num(40.0)]);
    assert_eq!(values("you may 3", EN), [num(3.0)]);
    assert_eq!(values("31 de febrero", MX), [num(31.0)]);
}

#[test]
#[rustfmt::skip]
fn times() {
    for text in ["5 p.m.", "5 p. m.", "5pm", "5 PM", "17:00", "17 h", "17 horas", "17:00 h", "17.00 h",
        "5 de la tarde"] {
        assert_eq!(one(text, MX), (time(17, 0), false), "{text}");
    }
    assert_reads(&[
        ("5:30 a.m.", EN, time(5, 30)), ("05:30", EN, time(5, 30)), ("12 p.m.", EN, time(12, 0)),
        ("12 a.m.", EN, time(0, 0)), ("24 horas", MX, num(24.0)), ("10 a. m.", MX, time(10, 0)),
    ]);
    assert_eq!(figures("al mediodía", MX), [Figure { value: time(12, 0), start: 3, end: 12, from_word: true }]);
}

#[test]
#[rustfmt::skip]
fn ordinals_and_centuries() {
    let ord = Value::Ordinal;
    assert_reads(&[
        ("2nd", EN, ord(2)), ("3rd", EN, ord(3)), ("21st", EN, ord(21)), ("2.º", MX, ord(2)),
        ("2º", MX, ord(2)), ("2.ª", MX, ord(2)), ("1.er", MX, ord(1)), ("3.er", MX, ord(3)),
        ("2do", MX, ord(2)), ("3mo", EN, num(3.0)),
        ("21st century", EN, Value::Century(21)), ("21st-century", EN, Value::Century(21)),
        ("siglo XXI", MX, Value::Century(21)), ("siglo 21", MX, Value::Century(21)),
        ("siglo XIX", MX, Value::Century(19)),
    ]);
    assert_words(&[
        ("primero", MX, ord(1)), ("primer", MX, ord(1)), ("Primera", MX, ord(1)), ("segunda", MX, ord(2)),
        ("tercer", MX, ord(3)), ("séptimo", MX, ord(7)), ("DÉCIMA", MX, ord(10)), ("second", EN, ord(2)),
        ("tenth", EN, ord(10)), ("twenty-first century", EN, Value::Century(21)),
    ]);
    assert!(values("XXI", MX).is_empty(), "Roman numerals only after siglo");
}

#[test]
#[rustfmt::skip]
fn number_words() {
    assert_words(&[
        ("four", EN, num(4.0)), ("Zero", EN, num(0.0)), ("cuatro", MX, num(4.0)), ("un", MX, num(1.0)),
        ("una", MX, num(1.0)), ("diez", MX, num(10.0)),
    ]);
    assert_eq!(one("cuatro", MX).0, one("4", MX).0);
    assert!(values("twenty-one", EN).is_empty());
    assert!(values("someone", EN).is_empty());
}

#[test]
#[rustfmt::skip]
fn phones() {
    let phone = |digits: &str| Value::Phone(digits.into());
    assert_reads(&[
        ("(202) 555-0143", EN, phone("2025550143")), ("202-555-0143", EN, phone("2025550143")),
        ("+1 202 555 0143", MX, phone("12025550143")), ("55 1234 5678", MX, phone("5512345678")),
        ("800-123-4567", EN, phone("8001234567")), ("1-800-123-4567", EN, phone("18001234567")),
        ("+52 55 1234 5678", MX, phone("525512345678")), ("+34 912 345 678", ES, phone("34912345678")),
        ("1,000,000", EN, num(1e6)), ("1.000.000", ES, num(1e6)), ("1 000 000", ES, num(1e6)),
    ]);
    assert_eq!(values("2019-2020-2021", EN), [num(2019.0), num(2020.0), num(2021.0)]);
}

#[test]
fn ranges_are_byte_ranges() {
    let text = "Llame al (202) 555-0143 el 27 de noviembre, −5 °C.";
    let found = figures(text, MX);
    let spans: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
    assert_eq!(spans, ["(202) 555-0143", "27 de noviembre", "−5"]);
}

#[test]
#[rustfmt::skip]
fn spanish_style() {
    let whats = |text: &str, variant| -> Vec<&str> {
        spanish_style_issues(text, variant).into_iter().map(|issue| issue.2).collect()
    };
    let mx = Variant::EsMx;
    assert_eq!(whats("el noviembre 27", mx), ["month written before the day (November 27 order)"]);
    assert_eq!(whats("27 de Noviembre", mx), ["capitalised month"]);
    assert_eq!(whats("el November 27", mx), ["English month name"]);
    assert_eq!(whats("en March", mx), ["English month name"]);
    assert_eq!(whats("el 2nd lugar", mx), ["English ordinal 2nd"]);
    assert_eq!(spanish_style_issues("dijo \"hola\".", mx), [(5, 11, "straight double quotes")]);
    assert_eq!(whats("1.250,5", mx), ["number grouped with a period (es-ES style) in an es-MX site"]);
    assert_eq!(whats("1,250.5", Variant::EsEs),
        ["number grouped with a comma (es-MX/English style) in an es-ES site"]);
    for fine in ["«comillas» y “comillas”", "27 de noviembre de 2026", "siglo XXI", "Noviembre es frío.",
        "Cinco de Mayo", "1,250.5", "1.2.3", "Theresa May"] {
        assert!(whats(fine, mx).is_empty(), "{fine}");
    }
    assert!(whats("1.250,5", Variant::EsEs).is_empty());
}

/// About 1 MB each: a rescan per token would take minutes; a linear scan takes a few hundred
/// milliseconds per call even in an unoptimised test build running other tests beside it.
#[test]
fn large_input_is_linear() {
    let inputs = [
        ("1234567,89,".repeat(90_000), EN),
        (format!("1{}", ",000".repeat(250_000)), EN),
        ("9".repeat(1_000_000), ES),
        ("12,".repeat(330_000), ES),
    ];
    let within_a_second = |started: std::time::Instant, text: &str| {
        let took = started.elapsed();
        assert!(took.as_millis() < 1000, "{took:?} for {}…", &text[..12]);
    };
    for (text, language) in inputs {
        let started = std::time::Instant::now();
        assert!(!figures(&text, language).is_empty());
        within_a_second(started, &text);
        let started = std::time::Instant::now();
        spanish_style_issues(&text, Variant::EsEs);
        within_a_second(started, &text);
    }
}

/// Figures are in order, non-overlapping and on char boundaries; so are style issues.
fn check_ranges(text: &str) {
    for language in [EN, MX, ES] {
        let mut last = 0;
        for f in figures(text, language) {
            assert!(last <= f.start && f.start < f.end && f.end <= text.len());
            assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            last = f.end;
        }
    }
    for variant in [Variant::EsMx, Variant::EsEs] {
        for (start, end, _) in spanish_style_issues(text, variant) {
            assert!(start < end && end <= text.len());
            assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        }
    }
}

/// `n` with a thousands mark every three digits.
fn group(n: u64, mark: &str) -> String {
    let digits = n.to_string();
    let head = match digits.len() % 3 {
        0 => 3,
        r => r,
    };
    let rest = digits.as_bytes()[head..].chunks(3);
    rest.fold(digits[..head].to_string(), |out, g| out + mark + std::str::from_utf8(g).unwrap())
}

proptest! {
    #[test]
    fn never_panics_on_any_text(text in any::<String>()) {
        check_ranges(&text);
    }

    #[test]
    fn never_panics_on_figure_like_text(parts in prop::collection::vec(prop::sample::select(vec![
        "1", "25", "250", "2026", ".", ",", " ", "\u{a0}", "\u{202f}", "%", "-", "+", "(", ")",
        ":", "/", "º", "ª", "er", "st", "de", "noviembre", "Nov", "siglo", "XXI", "p", "m", "h",
        "é", "\"", "May", "mayo",
    ]), 0..40)) {
        check_ranges(&parts.concat());
    }

    #[test]
    fn grouped_numbers_agree_across_variants(n in 0u64..10_000_000_000, cents in 1u32..100) {
        let want = num(n as f64 + f64::from(cents) / 100.0);
        let cents = format!("{cents:02}");
        prop_assert_eq!(one(&format!("{}.{cents}", group(n, ",")), EN).0, want.clone());
        prop_assert_eq!(one(&format!("{}.{cents}", group(n, ",")), MX).0, want.clone());
        prop_assert_eq!(one(&format!("{},{cents}", group(n, ".")), ES).0, want.clone());
        prop_assert_eq!(one(&format!("{},{cents}", group(n, "\u{a0}")), ES).0, want);
    }

    #[test]
    fn dates_agree_across_languages(month in 1u32..=12, day in 1u32..=28, year in 1900i32..2100) {
        const EN_NAMES: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December"];
        const ES_NAMES: [&str; 12] = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
            "agosto", "septiembre", "octubre", "noviembre", "diciembre"];
        let (en, es) = (EN_NAMES[month as usize - 1], ES_NAMES[month as usize - 1]);
        let want = date(Some(year), month, day);
        prop_assert_eq!(one(&format!("on {en} {day}, {year}."), EN).0, want.clone());
        prop_assert_eq!(one(&format!("el {day} de {es} de {year}."), MX).0, want);
    }
}
