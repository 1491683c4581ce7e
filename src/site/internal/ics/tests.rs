use super::*;

fn folded(line: &str) -> String {
    let mut out = String::new();
    fold(line, &mut out);
    out
}

#[test]
fn text_values_escape_what_would_end_or_split_them() {
    assert_eq!(escape("a\\b;c,d\r\ne\rf\ng"), "a\\\\b\\;c\\,d\\ne\\nf\\ng");
    // Control characters cannot appear in TEXT: they become spaces.
    assert_eq!(escape("x\u{0}y\u{7}z\u{1b}[0m\u{7f}\u{9b}"), "x y z [0m  ");
    assert_eq!(escape("tab\tkept"), "tab\tkept");
    assert_eq!(escape("line\u{2028}sep"), "line\\nsep");
    // An injection attempt stays one value: no CR or LF survives.
    let hostile = "Freeze\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:owned";
    let line = folded(&format!("SUMMARY:{}", escape(hostile)));
    assert_eq!(
        line.matches("\r\n").count(),
        1 + line.matches("\r\n ").count()
    );
    assert!(!line.contains("\r\nEND:"));
}

#[test]
fn lines_fold_at_75_octets_and_never_inside_a_character() {
    assert_eq!(folded(&"a".repeat(75)), format!("{}\r\n", "a".repeat(75)));
    assert_eq!(
        folded(&"a".repeat(76)),
        format!("{}\r\n a\r\n", "a".repeat(75))
    );
    for text in ["é".repeat(100), "€".repeat(77), "x😀".repeat(40)] {
        let out = folded(&format!("SUMMARY:{text}"));
        assert!(out.ends_with("\r\n"));
        for physical in out.trim_end_matches("\r\n").split("\r\n") {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        // Unfolding gives the line back.
        assert_eq!(
            out.trim_end_matches("\r\n").replace("\r\n ", ""),
            format!("SUMMARY:{text}")
        );
    }
}

#[test]
fn offsets_hosts_and_uids() {
    let offset = |s| Offset::from_seconds(s).unwrap();
    assert_eq!(utc_offset(offset(0)), "+0000");
    assert_eq!(utc_offset(offset(-6 * 3600)), "-0600");
    assert_eq!(utc_offset(offset(5 * 3600 + 45 * 60)), "+0545");
    assert_eq!(utc_offset(offset(-(19 * 60 + 32))), "-001932");
    assert_eq!(
        uid_host("https://Status.Example.com:8443/x/"),
        "status.example.com"
    );
    assert_eq!(uid_host("/"), "milepost.invalid");
    assert_eq!(uid_host("https://a\r\nb@c/"), "abc");
    let a = uid("freeze", "Weekends\n", "h.example");
    assert_eq!(a, uid("freeze", "Weekends\n", "h.example"));
    assert_ne!(a, uid("freeze", "Weekend\n", "h.example"));
    assert!(a.starts_with("freeze-") && a.ends_with("@h.example"));
}

fn recurring(every: crate::files::Recurrence, from: &str, to: &str, zone: Option<&str>) -> Window {
    let freeze = Freeze {
        name: "x".into(),
        start: None,
        end: None,
        every: Some(every),
        from: Some(from.into()),
        to: Some(to.into()),
        time_zone: zone.map(str::to_string),
        environments: None,
        reason: None,
    };
    Window::from_freeze(&freeze).unwrap()
}

#[test]
fn rules_follow_the_windows() {
    use crate::files::Recurrence;
    let weekly = recurring(
        Recurrence::Week,
        "Fri 18:00",
        "Mon 07:00",
        Some("Europe/Berlin"),
    );
    assert_eq!(rule(&weekly).as_deref(), Some("FREQ=WEEKLY;BYDAY=FR"));
    // 29 February falls on the last day of February, as the window does.
    let leap = recurring(Recurrence::Year, "02-29", "03-01", None);
    assert_eq!(
        rule(&leap).as_deref(),
        Some("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1")
    );
    let year_end = recurring(Recurrence::Year, "12-20", "01-02", None);
    assert_eq!(
        rule(&year_end).as_deref(),
        Some("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20")
    );
    // UTC needs no VTIMEZONE; a real zone keeps its name.
    assert_eq!(tz_id(&TimeZone::UTC), None);
    let berlin = TimeZone::get("Europe/Berlin").unwrap();
    assert_eq!(tz_id(&berlin), Some("Europe/Berlin"));
}
