use super::*;

fn freeze(every: &str, from: &str, to: &str, tz: &str) -> Window {
    let f = Freeze {
        name: "x".into(),
        start: None,
        end: None,
        every: Some(if every == "week" {
            Recurrence::Week
        } else {
            Recurrence::Year
        }),
        from: Some(from.into()),
        to: Some(to.into()),
        time_zone: Some(tz.into()),
        environments: None,
        reason: None,
    };
    Window::from_freeze(&f).unwrap()
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[test]
fn weekends_in_berlin_follow_daylight_saving() {
    let w = freeze("week", "Fri 18:00", "Mon 07:00", "Europe/Berlin");
    // Summer: Berlin is UTC+2, so Friday 18:00 local is 16:00 UTC.
    assert!(!w.contains(at("2024-06-14T15:59:00Z")));
    assert!(w.contains(at("2024-06-14T16:00:00Z")));
    assert!(w.contains(at("2024-06-16T12:00:00Z")));
    assert!(w.contains(at("2024-06-17T04:59:00Z")));
    assert!(!w.contains(at("2024-06-17T05:00:00Z")));
    // Winter: UTC+1, Friday 18:00 local is 17:00 UTC.
    assert!(!w.contains(at("2024-12-13T16:30:00Z")));
    assert!(w.contains(at("2024-12-13T17:00:00Z")));
    // The weekend the clocks go back (27 October 2024): Monday 07:00 is 06:00 UTC.
    assert!(w.contains(at("2024-10-28T05:30:00Z")));
    assert!(!w.contains(at("2024-10-28T06:00:00Z")));
    // Midweek is open.
    assert!(!w.contains(at("2024-06-12T10:00:00Z")));
}

#[test]
fn a_window_within_one_day_of_the_week() {
    let w = freeze("week", "Wed 09:00", "Wed 11:00", "UTC");
    assert!(w.contains(at("2024-06-12T10:00:00Z")));
    assert!(!w.contains(at("2024-06-12T11:00:00Z")));
    assert!(!w.contains(at("2024-06-13T10:00:00Z")));
}

#[test]
fn year_end_wraps_into_january_and_includes_the_last_day() {
    let w = freeze("year", "12-20", "01-02", "America/New_York");
    assert!(!w.contains(at("2024-12-20T04:59:00Z")));
    assert!(w.contains(at("2024-12-20T05:00:00Z")));
    assert!(w.contains(at("2025-01-01T12:00:00Z")));
    assert!(w.contains(at("2025-01-03T04:59:00Z")));
    assert!(!w.contains(at("2025-01-03T05:00:00Z")));
    assert!(!w.contains(at("2025-06-01T00:00:00Z")));
}

#[test]
fn yearly_windows_with_times() {
    let w = freeze("year", "11-28 18:00", "12-02 07:00", "UTC");
    assert!(w.contains(at("2025-11-28T18:00:00Z")));
    assert!(!w.contains(at("2025-11-28T17:59:00Z")));
    assert!(!w.contains(at("2025-12-02T07:00:00Z")));
}

#[test]
fn broken_windows_say_which_field() {
    let mut f = Freeze {
        name: "x".into(),
        start: Some(at("2024-01-01T00:00:00Z")),
        end: None,
        every: None,
        from: None,
        to: None,
        time_zone: None,
        environments: None,
        reason: None,
    };
    assert_eq!(Window::from_freeze(&f).unwrap_err().field, "start");
    f.every = Some(Recurrence::Week);
    assert_eq!(Window::from_freeze(&f).unwrap_err().field, "every");
    f.start = None;
    f.from = Some("12-20".into());
    f.to = Some("Mon 07:00".into());
    assert_eq!(Window::from_freeze(&f).unwrap_err().field, "from");
    f.from = Some("Fri 18:00".into());
    f.time_zone = Some("Mars/Olympus".into());
    assert_eq!(Window::from_freeze(&f).unwrap_err().field, "time_zone");
}

#[test]
fn durations() {
    assert_eq!(parse_duration("30m"), Some(1800));
    assert_eq!(parse_duration("24h"), Some(86_400));
    assert_eq!(parse_duration("1d12h"), Some(129_600));
    assert_eq!(parse_duration("2w"), Some(1_209_600));
    assert_eq!(parse_duration("24"), None);
    assert_eq!(parse_duration("h"), None);
    assert_eq!(parse_duration(""), None);
    assert_eq!(format_duration(129_600), "1d 12h");
    assert_eq!(format_duration(59), "0m");
}
