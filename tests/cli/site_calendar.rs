//! The internal site's calendar: `calendar.ics` read back by an independent
//! iCalendar parser, the calendar page, and pages that stay usable with a
//! long deploy history.

use std::fs;
use std::io::BufReader;

use ical::parser::ical::component::{IcalCalendar, IcalEvent};

use crate::repo::{ALICE, BOB, TestRepo};

const CALENDAR: &str = r#"
[[freeze]]
name = "Peak; a, b \\ c"
reason = "Traffic"
start = 2026-11-23T00:00:00Z
end = 2026-12-02T00:00:00Z
environments = ["prod"]

[[freeze]]
name = "Weekends"
every = "week"
from = "Fri 18:00"
to = "Mon 07:00"
time_zone = "Europe/Berlin"
environments = ["prod"]

[[freeze]]
name = "Year end"
every = "year"
from = "12-20"
to = "01-02"
environments = ["prod"]

[[event]]
name = "Database upgrade"
kind = "maintenance"
at = 2026-02-10T02:00:00Z
end = 2026-02-10T06:00:00Z
environments = ["prod"]
description = "Read-only\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected\nX-EVIL:1\u0007"

[[event]]
name = "Launch webinar"
kind = "marketing"
at = 2026-03-05T16:00:00Z
release = "1.1.0"
"#;

fn calendar_repo() -> TestRepo {
    let repo = TestRepo::new("");
    repo.write("calendar.toml", CALENDAR);
    repo.commit(ALICE, "2024-06-01T09:00:00Z", "Calendar");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    repo
}

fn parse(bytes: &[u8]) -> IcalCalendar {
    let mut parser = ical::IcalParser::new(BufReader::new(bytes));
    let calendar = parser.next().expect("one calendar").expect("it parses");
    assert!(parser.next().is_none(), "one calendar only");
    calendar
}

fn prop<'a>(event: &'a IcalEvent, name: &str) -> Option<&'a str> {
    event
        .properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

fn param<'a>(event: &'a IcalEvent, name: &str, param: &str) -> Option<&'a str> {
    let p = event.properties.iter().find(|p| p.name == name)?;
    let (_, values) = p.params.as_ref()?.iter().find(|(n, _)| n == param)?;
    values.first().map(String::as_str)
}

/// The sites built into the repository's `site` folder at `now`.
fn built(repo: &TestRepo, now: &str) -> std::path::PathBuf {
    let out = repo.path().join("site");
    let result = crate::site::build(repo, &out, now);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    out
}

#[test]
fn calendar_ics_parses_with_recurrences_in_their_zone_and_no_injection() {
    let repo = calendar_repo();
    let out = built(&repo, "2026-01-15T00:00:00Z");
    let bytes = fs::read(out.join("internal/calendar.ics")).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    // CRLF everywhere, and no line longer than 75 octets.
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains(['\r', '\n']));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
    }
    let calendar = parse(&bytes);
    let summaries: Vec<&str> = calendar
        .events
        .iter()
        .filter_map(|e| prop(e, "SUMMARY"))
        .collect();
    // A name's separators are escaped; the hostile description below is one
    // DESCRIPTION: no property or event came of it.
    let peak = calendar
        .events
        .iter()
        .find(|e| prop(e, "SUMMARY").is_some_and(|s| s.starts_with("Freeze: Peak")))
        .unwrap();
    assert_eq!(prop(peak, "SUMMARY"), Some("Freeze: Peak\\; a\\, b \\\\ c"));
    assert!(!summaries.contains(&"injected"));
    assert!(calendar.events.iter().all(|e| prop(e, "X-EVIL").is_none()));
    assert_eq!(prop(peak, "DTSTART"), Some("20261123T000000Z"));
    assert_eq!(prop(peak, "DTEND"), Some("20261202T000000Z"));

    // The weekly window: in Berlin time, from the weekend in progress or next.
    let weekends: Vec<&IcalEvent> = calendar
        .events
        .iter()
        .filter(|e| prop(e, "SUMMARY") == Some("Freeze: Weekends"))
        .collect();
    let master = weekends
        .iter()
        .find(|e| prop(e, "RRULE").is_some())
        .unwrap();
    assert_eq!(param(master, "DTSTART", "TZID"), Some("Europe/Berlin"));
    assert_eq!(prop(master, "DTSTART"), Some("20260116T180000"));
    assert_eq!(prop(master, "DTEND"), Some("20260119T070000"));
    let rrule = prop(master, "RRULE").unwrap();
    assert!(rrule.starts_with("FREQ=WEEKLY;BYDAY=FR;UNTIL="), "{rrule}");
    // The weekend that clocks go forward (29 March 2026) is an hour
    // shorter: it is written again with its own end, at 07:00 local.
    let spring = weekends
        .iter()
        .find(|e| prop(e, "RECURRENCE-ID") == Some("20260327T180000"))
        .unwrap();
    assert_eq!(prop(spring, "DTEND"), Some("20260330T070000"));
    assert_eq!(param(spring, "DTEND", "TZID"), Some("Europe/Berlin"));
    assert_eq!(prop(spring, "UID"), prop(master, "UID"));
    // The zone is described, offsets included.
    assert_eq!(calendar.timezones.len(), 1);
    let zone = &calendar.timezones[0];
    assert!(
        zone.properties
            .iter()
            .any(|p| p.name == "TZID" && p.value.as_deref() == Some("Europe/Berlin"))
    );
    let offsets: Vec<&str> = zone
        .transitions
        .iter()
        .flat_map(|t| &t.properties)
        .filter(|p| p.name == "TZOFFSETTO")
        .filter_map(|p| p.value.as_deref())
        .collect();
    assert!(
        offsets.contains(&"+0100") && offsets.contains(&"+0200"),
        "{offsets:?}"
    );

    // A window without a zone is in UTC.
    let year_end = calendar
        .events
        .iter()
        .find(|e| prop(e, "SUMMARY") == Some("Freeze: Year end"))
        .unwrap();
    assert_eq!(prop(year_end, "DTSTART"), Some("20261220T000000Z"));
    assert_eq!(prop(year_end, "DTEND"), Some("20270103T000000Z"));
    assert!(
        prop(year_end, "RRULE")
            .unwrap()
            .starts_with("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20;")
    );

    // Events and planned releases.
    let upgrade = calendar
        .events
        .iter()
        .find(|e| prop(e, "SUMMARY") == Some("Maintenance: Database upgrade"))
        .unwrap();
    assert_eq!(prop(upgrade, "DTSTART"), Some("20260210T020000Z"));
    assert_eq!(prop(upgrade, "DTEND"), Some("20260210T060000Z"));
    assert_eq!(
        prop(upgrade, "DESCRIPTION"),
        Some(
            "Read-only\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:injected\\nX-EVIL:1 \\nEnvironments: prod"
        )
    );
    assert!(summaries.contains(&"Marketing: Launch webinar"));
    let release = calendar
        .events
        .iter()
        .find(|e| prop(e, "SUMMARY") == Some("Release 1.1.0: Faster exports"))
        .unwrap();
    assert_eq!(prop(release, "DTSTART"), Some("20240612"));
    assert_eq!(param(release, "DTSTART", "VALUE"), Some("DATE"));

    // Every event has a UID, the same in the next build, and DTSTAMP is `now`.
    for event in &calendar.events {
        let uid = prop(event, "UID").unwrap();
        assert!(uid.ends_with("@releases.fixture.example"), "{uid}");
        assert_eq!(prop(event, "DTSTAMP"), Some("20260115T000000Z"));
    }
    let again = repo.path().join("again");
    crate::site::build(&repo, &again, "2026-01-15T00:00:00Z");
    assert_eq!(
        fs::read(again.join("internal/calendar.ics")).unwrap(),
        bytes
    );
}

/// A registry with `count` deploys to uat and dev, eight hours apart from
/// 5 June 2024, written by `git fast-import` (a commit process per deploy
/// would take minutes).
fn long_history(count: usize) -> TestRepo {
    use std::io::Write;
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    let head = repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    let start: i64 = "2024-06-05T00:00:00Z"
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_second();
    let mut stream = String::new();
    for i in 0..count {
        let env = if i % 2 == 0 { "uat" } else { "dev" };
        let tier = if env == "dev" {
            "development"
        } else {
            "staging"
        };
        let release = if i % 4 < 2 { "1.1.0" } else { "1.0.0" };
        let file = format!("name = \"{env}\"\ntier = \"{tier}\"\nrelease = \"{release}\"\n");
        let message = format!("Deploy {release} to {env}\n");
        let time = start + i as i64 * 8 * 3600;
        stream.push_str("commit refs/heads/main\n");
        for who in ["author", "committer"] {
            stream.push_str(&format!(
                "{who} Alice Ng <alice@fixture.example> {time} +0000\n"
            ));
        }
        stream.push_str(&format!("data {}\n{message}", message.len()));
        if i == 0 {
            stream.push_str(&format!("from {head}\n"));
        }
        stream.push_str(&format!(
            "M 100644 inline environments/{env}.toml\ndata {}\n{file}\n",
            file.len()
        ));
    }
    let mut import = std::process::Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(repo.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    import
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    assert!(import.wait().unwrap().success());
    repo.git(&["reset", "-q", "--hard", "main"]);
    repo
}

fn rows(html: &str) -> usize {
    html.matches("<tr>").count().saturating_sub(1)
}

#[test]
fn history_environment_and_calendar_pages_stay_small_with_1200_deploys() {
    let count = 1210;
    let repo = long_history(count);
    let out = built(&repo, "2025-08-01T00:00:00Z");
    let site = out.join("internal");
    let read =
        |rel: &str| fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));

    // One page a month, from June 2024 to August 2025 (eight hours apart,
    // 1,210 deploys run to 30 July 2025), and the main page the latest ones.
    let mut months = Vec::new();
    let mut month = jiff::civil::date(2024, 6, 1);
    while month <= jiff::civil::date(2025, 7, 1) {
        months.push(month.strftime("%Y-%m").to_string());
        month = month.checked_add(jiff::Span::new().months(1)).unwrap();
    }
    let main = read("history/index.html");
    let shown = rows(&main);
    assert!(
        (100..200).contains(&shown),
        "{shown} rows on history/index.html"
    );
    let mut total = 0;
    for key in &months {
        let href = format!("../history/{key}/index.html");
        assert!(
            main.contains(&format!("href=\"{href}\"")),
            "no link to {href}"
        );
        let page = read(&format!("history/{key}/index.html"));
        assert!(rows(&page) <= 93, "{key}: {} rows", rows(&page));
        assert!(page.contains("aria-current=\"page\""));
        total += rows(&page);
    }
    // The two deploys before the long run, and the long run.
    assert_eq!(total, count + 2);
    assert!(!site.join("history/2025-08/index.html").exists());

    // Each environment's history too.
    let uat = read("environments/uat/index.html");
    assert!((100..200).contains(&rows(&uat)), "{} rows", rows(&uat));
    let uat_total: usize = months
        .iter()
        .map(|key| rows(&read(&format!("environments/uat/{key}/index.html"))))
        .sum();
    assert_eq!(uat_total, count / 2 + 1);
    assert!(
        read("environments/uat/2025-07/index.html")
            .contains("href=\"../../../environments/uat/2024-06/index.html\"")
    );

    // The calendar shows the latest deploys and points to the history.
    let calendar = read("calendar/index.html");
    assert_eq!(
        calendar
            .matches("<span class=\"tag\">deploy</span>")
            .count(),
        50
    );
    assert!(calendar.contains("The 50 latest of 1212 deploys"));

    for page in [
        "history/index.html",
        "environments/uat/index.html",
        "calendar/index.html",
    ] {
        let size = read(page).len();
        assert!(size < 200_000, "{page}: {size} bytes");
    }
    crate::site::assert_links_resolve(&site);
}

#[test]
fn the_calendar_page_puts_what_is_on_and_coming_around_today_and_folds_the_past() {
    let repo = calendar_repo();
    // A Saturday: the Berlin weekend freeze is on.
    let out = built(&repo, "2026-01-17T12:00:00Z");
    let page = fs::read_to_string(out.join("internal/calendar/index.html")).unwrap();
    let at = |needle: &str| {
        page.find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in {page}"))
    };
    assert!(page.contains("href=\"../calendar.ics\""));
    // Going on now, marked in words, before the marker at the build's time.
    let weekend = at("<li class=\"ongoing\"><time datetime=\"2026-01-16T17:00:00Z\">");
    assert!(page[weekend..].starts_with(
        "<li class=\"ongoing\"><time datetime=\"2026-01-16T17:00:00Z\">16 January 2026, 17:00 UTC</time> <span class=\"ago\">(19 hours ago)</span> to <time datetime=\"2026-01-19T06:00:00Z\">19 January 2026, 06:00 UTC</time> <span class=\"ago\">(in 42 hours)</span> <span class=\"tag\">freeze</span> <strong>Now:</strong> Freeze: Weekends"
    ));
    let today = at(
        "<li class=\"today\" id=\"today\"><strong>▶ Today</strong> <time datetime=\"2026-01-17T12:00:00Z\">17 January 2026, 12:00 UTC</time></li>",
    );
    assert!(weekend < today);
    // Then what is coming, soonest first.
    let upcoming = [
        at("Database upgrade"),
        at("Launch webinar"),
        at("Freeze: Peak; a, b \\ c"),
        at("Freeze: Year end"),
    ];
    assert!(today < upcoming[0] && upcoming.is_sorted(), "{upcoming:?}");
    // The past is folded, newest first: deploys and the planned release.
    let details = at("<details>");
    let past = [at("1.0.0 deployed to prod"), at("1.0.0 deployed to uat")];
    assert!(upcoming[3] < details && details < past[0] && past.is_sorted());
    assert!(at("1.1.0 planned: Faster exports") > details);
    assert!(at("</details>") > past[1]);
    // The freeze in force says so in words.
    assert!(page.contains("<span class=\"bad\">In force now:</span> <strong>Weekends</strong>"));
}
