//! `calendar.ics`: the calendar as iCalendar (RFC 5545), for calendar apps.
//!
//! Recurring freeze windows keep their time zone (`TZID`, with the
//! `VTIMEZONE` that RFC 5545 requires, written from jiff's time-zone
//! database) so that a weekly window stays at its local hours across
//! daylight-saving changes. RFC 5545 gives every instance of a recurrence the
//! exact length of the first one, so an instance that a daylight-saving change
//! makes longer or shorter is written again with its own times
//! (`RECURRENCE-ID`). Both are known only as far as the zone's transitions are
//! listed, so each recurrence ends (`UNTIL`) at a horizon after the build's
//! `now`: every instance in the file is right, and the next build carries the
//! calendar further.
//!
//! Everything a registry writes is TEXT, escaped, and lines are folded, so a
//! name with CR/LF or control characters stays inside its one property.

use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

use super::super::{Page, SiteInput, SiteMeta};
use super::Ctx;
use crate::files::{EventKind, Freeze, ReleaseStatus};
use crate::model::calendar::{Occurrence, Window};
use crate::site::render::TemplateError;

/// How far ahead of `now` recurring windows are written out.
const HORIZON: SignedDuration = SignedDuration::from_hours(24 * 366 * 3);

pub(super) fn calendar_ics(ctx: &Ctx<'_>) -> Result<Vec<Page>, TemplateError> {
    let text = calendar(ctx.input, ctx.meta);
    Ok(vec![Page::bytes("calendar.ics", text.into_bytes())])
}

/// The whole `VCALENDAR`.
pub fn calendar(input: &SiteInput<'_>, meta: &SiteMeta) -> String {
    let mut out = Lines::default();
    let host = uid_host(&meta.site.base_url);
    let stamp = utc(input.now);
    out.raw("BEGIN:VCALENDAR");
    out.raw("VERSION:2.0");
    out.raw("PRODID:-//milepost//calendar//EN");
    out.raw("CALSCALE:GREGORIAN");
    out.text("X-WR-CALNAME", &format!("{} calendar", meta.site.product));
    let mut zones: Vec<TimeZone> = Vec::new();
    let mut events = Lines::default();
    if let Some(calendar) = &input.registry.calendar {
        for freeze in &calendar.data.freeze {
            let Ok(window) = Window::from_freeze(freeze) else {
                continue;
            };
            let uid = uid("freeze", &freeze_key(freeze), &host);
            let summary = format!("Freeze: {}", freeze.name);
            let description = freeze_description(freeze);
            match &window {
                Window::Once { start, end } => {
                    events.raw("BEGIN:VEVENT");
                    events.raw(&format!("UID:{uid}"));
                    events.raw(&format!("DTSTAMP:{stamp}"));
                    events.raw(&format!("DTSTART:{}", utc(*start)));
                    events.raw(&format!("DTEND:{}", utc(*end)));
                    events.text("SUMMARY", &summary);
                    events.text("DESCRIPTION", &description);
                    events.raw("CATEGORIES:Freeze");
                    events.raw("END:VEVENT");
                }
                Window::Weekly { tz, .. } | Window::Yearly { tz, .. } => {
                    let Some(rule) = rule(&window) else {
                        continue;
                    };
                    let recurring = Recurring {
                        uid: &uid,
                        stamp: &stamp,
                        summary: &summary,
                        description: &description,
                        rule: &rule,
                    };
                    if recurring.write(&mut events, &window, tz, input.now)
                        && tz_id(tz).is_some()
                        && !zones.iter().any(|z| tz_id(z) == tz_id(tz))
                    {
                        zones.push(tz.clone());
                    }
                }
            }
        }
        for event in &calendar.data.event {
            let kind = match event.kind {
                EventKind::Marketing => "Marketing",
                EventKind::Maintenance => "Maintenance",
                EventKind::Other => "Event",
            };
            let key = format!("{kind}\n{}\n{}", event.name, utc(event.at));
            events.raw("BEGIN:VEVENT");
            events.raw(&format!("UID:{}", uid("event", &key, &host)));
            events.raw(&format!("DTSTAMP:{stamp}"));
            events.raw(&format!("DTSTART:{}", utc(event.at)));
            if let Some(end) = event.end.filter(|end| *end > event.at) {
                events.raw(&format!("DTEND:{}", utc(end)));
            }
            events.text("SUMMARY", &format!("{kind}: {}", event.name));
            let mut description = event.description.clone().unwrap_or_default();
            if let Some(envs) = &event.environments {
                push_line(
                    &mut description,
                    &format!("Environments: {}", envs.join(", ")),
                );
            }
            if let Some(release) = &event.release {
                push_line(&mut description, &format!("Release: {release}"));
            }
            if !description.is_empty() {
                events.text("DESCRIPTION", &description);
            }
            events.text("CATEGORIES", kind);
            events.raw("END:VEVENT");
        }
    }
    for release in &input.registry.releases {
        let d = &release.doc.data;
        let Some(planned) = d.planned else {
            continue;
        };
        if d.status == ReleaseStatus::Withdrawn {
            continue;
        }
        let Ok(next) = planned.tomorrow() else {
            continue;
        };
        events.raw("BEGIN:VEVENT");
        events.raw(&format!("UID:{}", uid("release", &d.version, &host)));
        events.raw(&format!("DTSTAMP:{stamp}"));
        events.raw(&format!(
            "DTSTART;VALUE=DATE:{}",
            planned.strftime("%Y%m%d")
        ));
        events.raw(&format!("DTEND;VALUE=DATE:{}", next.strftime("%Y%m%d")));
        events.text("SUMMARY", &format!("Release {}: {}", d.version, d.title));
        if let Some(summary) = &d.summary {
            events.text("DESCRIPTION", summary);
        }
        events.raw("CATEGORIES:Release");
        events.raw("TRANSP:TRANSPARENT");
        events.raw("END:VEVENT");
    }
    for tz in &zones {
        timezone(&mut out, tz, input.now);
    }
    out.0.push_str(&events.0);
    out.raw("END:VCALENDAR");
    out.0
}

/// What identifies a freeze window: its name and when it is.
fn freeze_key(f: &Freeze) -> String {
    let or = |o: &Option<String>| o.clone().unwrap_or_default();
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        f.name,
        f.start.map(utc).unwrap_or_default(),
        f.end.map(utc).unwrap_or_default(),
        or(&f.from),
        or(&f.to),
        or(&f.time_zone)
    )
}

fn freeze_description(f: &Freeze) -> String {
    let mut text = f.reason.clone().unwrap_or_default();
    let envs = f
        .environments
        .as_ref()
        .map_or_else(|| "all".to_string(), |e| e.join(", "));
    push_line(&mut text, &format!("Environments: {envs}"));
    text
}

fn push_line(text: &mut String, line: &str) {
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(line);
}

/// The `FREQ` part of a recurring window's rule.
fn rule(window: &Window) -> Option<String> {
    match window {
        Window::Once { .. } => None,
        Window::Weekly { from, .. } => {
            let day = match from.0 {
                jiff::civil::Weekday::Monday => "MO",
                jiff::civil::Weekday::Tuesday => "TU",
                jiff::civil::Weekday::Wednesday => "WE",
                jiff::civil::Weekday::Thursday => "TH",
                jiff::civil::Weekday::Friday => "FR",
                jiff::civil::Weekday::Saturday => "SA",
                jiff::civil::Weekday::Sunday => "SU",
            };
            Some(format!("FREQ=WEEKLY;BYDAY={day}"))
        }
        Window::Yearly { from, .. } => {
            // 29 February falls back to the last day of February, as the
            // windows themselves do, rather than being skipped.
            let day = if (from.month, from.day) == (2, 29) {
                -1
            } else {
                from.day
            };
            Some(format!(
                "FREQ=YEARLY;BYMONTH={};BYMONTHDAY={day}",
                from.month
            ))
        }
    }
}

struct Recurring<'a> {
    uid: &'a str,
    stamp: &'a str,
    summary: &'a str,
    description: &'a str,
    rule: &'a str,
}

impl Recurring<'_> {
    /// Writes the recurrence from the occurrence in progress at `now` (or the
    /// next one) to the horizon; false if there is none.
    fn write(&self, out: &mut Lines, window: &Window, tz: &TimeZone, now: Timestamp) -> bool {
        let Ok(horizon) = now.checked_add(HORIZON) else {
            return false;
        };
        let occurrences: Vec<Occurrence> = window
            .occurrences_after(now)
            .take_while(|o| o.start <= horizon)
            .take(1000)
            .collect();
        let Some(first) = occurrences.first() else {
            return false;
        };
        let length = first.end.duration_since(first.start);
        let last_start = occurrences.last().map_or(first.start, |o| o.start);
        let zone = tz_id(tz);
        let local = |at: DateTime, utc_at: Timestamp| match zone {
            Some(id) => format!(";TZID={id}:{}", civil(at)),
            None => format!(":{}", utc(utc_at)),
        };
        out.raw("BEGIN:VEVENT");
        out.raw(&format!("UID:{}", self.uid));
        out.raw(&format!("DTSTAMP:{}", self.stamp));
        out.raw(&format!("DTSTART{}", local(first.civil_start, first.start)));
        out.raw(&format!("DTEND{}", local(first.civil_end, first.end)));
        out.raw(&format!("RRULE:{};UNTIL={}", self.rule, utc(last_start)));
        out.text("SUMMARY", self.summary);
        out.text("DESCRIPTION", self.description);
        out.raw("CATEGORIES:Freeze");
        out.raw("END:VEVENT");
        for o in &occurrences[1..] {
            if o.end.duration_since(o.start) == length {
                continue;
            }
            out.raw("BEGIN:VEVENT");
            out.raw(&format!("UID:{}", self.uid));
            out.raw(&format!("DTSTAMP:{}", self.stamp));
            out.raw(&format!("RECURRENCE-ID{}", local(o.civil_start, o.start)));
            out.raw(&format!("DTSTART{}", local(o.civil_start, o.start)));
            out.raw(&format!("DTEND{}", local(o.civil_end, o.end)));
            out.text("SUMMARY", self.summary);
            out.text("DESCRIPTION", self.description);
            out.raw("CATEGORIES:Freeze");
            out.raw("END:VEVENT");
        }
        true
    }
}

/// The zone's name for `TZID`; `None` for UTC, whose times are written
/// with `Z`. A name that is not plainly a zone name (it could only break the
/// parameter) is not used either: such a window is written in UTC.
fn tz_id(tz: &TimeZone) -> Option<&str> {
    let name = tz.iana_name()?;
    let plain = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'));
    (plain
        && !matches!(
            name,
            "UTC" | "Etc/UTC" | "Etc/Universal" | "Universal" | "Zulu"
        ))
    .then_some(name)
}

/// A `VTIMEZONE` listing the zone's offset changes from the one in force a
/// year before `now` to the horizon, each as its own observance.
fn timezone(out: &mut Lines, tz: &TimeZone, now: Timestamp) {
    let Some(id) = tz_id(tz) else {
        return;
    };
    let (Ok(since), Ok(horizon)) = (
        now.checked_sub(SignedDuration::from_hours(24 * 366)),
        now.checked_add(HORIZON),
    ) else {
        return;
    };
    out.raw("BEGIN:VTIMEZONE");
    out.raw(&format!("TZID:{id}"));
    let mut transitions: Vec<(Timestamp, Offset, bool, String)> = Vec::new();
    if let Some(t) = tz.preceding(since).next() {
        transitions.push((
            t.timestamp(),
            t.offset(),
            t.dst().is_dst(),
            t.abbreviation().to_string(),
        ));
    }
    for t in tz.following(since) {
        if t.timestamp() > horizon {
            break;
        }
        transitions.push((
            t.timestamp(),
            t.offset(),
            t.dst().is_dst(),
            t.abbreviation().to_string(),
        ));
    }
    if transitions.is_empty() {
        // A zone that never changes its offset: one observance.
        let info = tz.to_offset_info(since);
        transitions.push((
            Timestamp::UNIX_EPOCH,
            info.offset(),
            info.dst().is_dst(),
            info.abbreviation().to_string(),
        ));
    }
    for (at, offset, dst, name) in transitions {
        let before = at
            .checked_sub(SignedDuration::from_secs(1))
            .map_or(offset, |b| tz.to_offset(b));
        let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
        out.raw(&format!("BEGIN:{kind}"));
        out.raw(&format!("DTSTART:{}", civil(before.to_datetime(at))));
        out.raw(&format!("TZOFFSETFROM:{}", utc_offset(before)));
        out.raw(&format!("TZOFFSETTO:{}", utc_offset(offset)));
        out.text("TZNAME", &name);
        out.raw(&format!("END:{kind}"));
    }
    out.raw("END:VTIMEZONE");
}

fn utc(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn civil(at: DateTime) -> String {
    at.strftime("%Y%m%dT%H%M%S").to_string()
}

/// `+0100`, `-0530`, `+002130` (seconds only when there are some).
fn utc_offset(offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, rest) = (s / 3600, s % 3600 / 60, s % 60);
    if rest == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{rest:02}")
    }
}

/// The host part of the site's address, for globally unique `UID`s.
fn uid_host(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or("", |(_, rest)| rest);
    let host: String = rest
        .split(['/', ':', '?', '#'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        .collect();
    if host.is_empty() {
        "milepost.invalid".to_string()
    } else {
        host.to_ascii_lowercase()
    }
}

/// `kind-<hash of key>@host`: the same entry keeps its `UID` from build to
/// build, so calendar apps update it rather than add a copy.
fn uid(kind: &str, key: &str, host: &str) -> String {
    format!("{kind}-{:016x}@{host}", fnv1a(key.as_bytes()))
}

/// FNV-1a: stable across platforms and Rust versions, unlike `Hash`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Content lines, CRLF-terminated and folded.
#[derive(Default)]
struct Lines(String);

impl Lines {
    /// A line built from milepost's own text (names, dates, numbers).
    fn raw(&mut self, line: &str) {
        fold(line, &mut self.0);
    }

    /// A property whose value is TEXT from the registry.
    fn text(&mut self, name: &str, value: &str) {
        fold(&format!("{name}:{}", escape(value)), &mut self.0);
    }
}

/// A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped,
/// every line break as `\n`, and other control characters (which TEXT may
/// not hold) as spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets (RFC 5545 3.1), never inside a UTF-8
/// character, and a CRLF.
pub fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests;
