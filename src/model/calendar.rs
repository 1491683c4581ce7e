//! Freeze windows as times: one-off windows, and recurring ones (every week
//! or every year) in a named time zone, daylight-saving changes included.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::TimeZone;

use crate::files::{Freeze, Recurrence};

/// A freeze window ready to be asked whether it covers a moment.
#[derive(Debug, Clone)]
pub enum Window {
    Once {
        start: Timestamp,
        end: Timestamp,
    },
    Weekly {
        from: (Weekday, Time),
        to: (Weekday, Time),
        tz: TimeZone,
    },
    Yearly {
        from: MonthDay,
        to: MonthDay,
        tz: TimeZone,
    },
}

/// A day of the year, with a time; `to` without a time takes the whole day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDay {
    pub month: i8,
    pub day: i8,
    pub time: Option<Time>,
}

/// One occurrence of a window: its start and end as instants, and as the
/// civil times of its zone that the window names (a time that a
/// daylight-saving change skips keeps its name here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub start: Timestamp,
    pub end: Timestamp,
    pub civil_start: DateTime,
    pub civil_end: DateTime,
}

/// Why a freeze entry cannot be turned into a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowError {
    /// The field to point at.
    pub field: &'static str,
    pub message: String,
}

fn error(field: &'static str, message: impl Into<String>) -> WindowError {
    WindowError {
        field,
        message: message.into(),
    }
}

impl Window {
    pub fn from_freeze(freeze: &Freeze) -> Result<Window, WindowError> {
        let recurring = freeze.every.is_some() || freeze.from.is_some() || freeze.to.is_some();
        let once = freeze.start.is_some() || freeze.end.is_some();
        match (once, recurring) {
            (true, true) => Err(error(
                "every",
                "a freeze is either one-off (`start`, `end`) or recurring (`every`, `from`, `to`), not both",
            )),
            (false, false) => Err(error(
                "name",
                "a freeze needs `start` and `end`, or `every`, `from` and `to`",
            )),
            (true, false) => match (freeze.start, freeze.end) {
                (Some(start), Some(end)) => Ok(Window::Once { start, end }),
                (None, _) => Err(error("end", "this freeze has an `end` but no `start`")),
                (_, None) => Err(error("start", "this freeze has a `start` but no `end`")),
            },
            (false, true) => recurring_window(freeze),
        }
    }

    /// Whether `at` falls inside the window (start included, end excluded).
    pub fn contains(&self, at: Timestamp) -> bool {
        self.occurrence(at).is_some()
    }

    /// The occurrence of the window that holds `at`: its start and end.
    pub fn occurrence(&self, at: Timestamp) -> Option<(Timestamp, Timestamp)> {
        self.occurrences_after(at)
            .next()
            .filter(|o| o.start <= at)
            .map(|o| (o.start, o.end))
    }

    /// The occurrences that end after `after`, in order: the one holding
    /// `after` (if any) first. Recurring windows go on to the end of the
    /// calendar, so take what is needed.
    pub fn occurrences_after(&self, after: Timestamp) -> Box<dyn Iterator<Item = Occurrence> + '_> {
        match self {
            Window::Once { start, end } => {
                let civil = |t: Timestamp| jiff::tz::Offset::UTC.to_datetime(t);
                let once = Occurrence {
                    start: *start,
                    end: *end,
                    civil_start: civil(*start),
                    civil_end: civil(*end),
                };
                Box::new(std::iter::once(once).filter(move |o| o.end > after))
            }
            Window::Weekly { from, to, tz } => {
                let (from, to) = (*from, *to);
                // The occurrence that may hold `after` started at most a week before it.
                let first = after
                    .to_zoned_datetime(tz.clone())
                    .date()
                    .checked_sub(jiff::Span::new().days(7))
                    .ok();
                let days = std::iter::successors(first, |d| d.tomorrow().ok());
                Box::new(
                    days.filter(move |d| d.weekday() == from.0)
                        .filter_map(move |d| weekly_on(from, to, tz, d))
                        .filter(move |o| o.end > after),
                )
            }
            Window::Yearly { from, to, tz } => {
                let (from, to) = (*from, *to);
                let year = after.to_zoned_datetime(tz.clone()).date().year();
                Box::new(
                    (year.saturating_sub(1)..=9999)
                        .filter_map(move |y| yearly_in(from, to, tz, y))
                        .filter(move |o| o.end > after),
                )
            }
        }
    }

    /// When a deploy at `at` may go ahead as far as this window goes: the end
    /// of the occurrence holding `at` (and of any that follows on without a
    /// gap); `None` if `at` is outside the window.
    pub fn opens_after(&self, at: Timestamp) -> Option<Timestamp> {
        let (_, mut end) = self.occurrence(at)?;
        // A window that covers the whole week or year would never open.
        for _ in 0..64 {
            match self.occurrence(end) {
                Some((_, next)) if next > end => end = next,
                _ => break,
            }
        }
        Some(end)
    }
}

fn recurring_window(freeze: &Freeze) -> Result<Window, WindowError> {
    let every = freeze.every.ok_or_else(|| {
        error(
            "from",
            "a recurring freeze needs `every` (\"week\" or \"year\")",
        )
    })?;
    let from = freeze
        .from
        .as_deref()
        .ok_or_else(|| error("every", "a recurring freeze needs `from`"))?;
    let to = freeze
        .to
        .as_deref()
        .ok_or_else(|| error("every", "a recurring freeze needs `to`"))?;
    let zone = freeze.time_zone.as_deref().unwrap_or("UTC");
    let tz = TimeZone::get(zone)
        .map_err(|_| error("time_zone", format!("unknown time zone `{zone}`")))?;
    match every {
        Recurrence::Week => Ok(Window::Weekly {
            from: weekday_time(from).ok_or_else(|| {
                error(
                    "from",
                    format!("`{from}` is not a weekday and time such as \"Fri 18:00\""),
                )
            })?,
            to: weekday_time(to).ok_or_else(|| {
                error(
                    "to",
                    format!("`{to}` is not a weekday and time such as \"Mon 07:00\""),
                )
            })?,
            tz,
        }),
        Recurrence::Year => Ok(Window::Yearly {
            from: month_day(from).ok_or_else(|| {
                error(
                    "from",
                    format!(
                        "`{from}` is not a day of the year such as \"12-20\" or \"12-20 18:00\""
                    ),
                )
            })?,
            to: month_day(to).ok_or_else(|| {
                error(
                    "to",
                    format!("`{to}` is not a day of the year such as \"01-02\" or \"01-02 07:00\""),
                )
            })?,
            tz,
        }),
    }
}

fn weekday_time(text: &str) -> Option<(Weekday, Time)> {
    let (day, time) = text.split_once(' ')?;
    let weekday = match day {
        "Mon" => Weekday::Monday,
        "Tue" => Weekday::Tuesday,
        "Wed" => Weekday::Wednesday,
        "Thu" => Weekday::Thursday,
        "Fri" => Weekday::Friday,
        "Sat" => Weekday::Saturday,
        "Sun" => Weekday::Sunday,
        _ => return None,
    };
    Some((weekday, hour_minute(time)?))
}

fn hour_minute(text: &str) -> Option<Time> {
    let (h, m) = text.split_once(':')?;
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

fn month_day(text: &str) -> Option<MonthDay> {
    let (date, time) = match text.split_once(' ') {
        Some((date, time)) => (date, Some(hour_minute(time)?)),
        None => (text, None),
    };
    let (month, day) = date.split_once('-')?;
    let (month, day): (i8, i8) = (month.parse().ok()?, day.parse().ok()?);
    // Checked against a leap year, so that 02-29 is a valid day.
    Date::new(2024, month, day).ok()?;
    Some(MonthDay { month, day, time })
}

/// A civil time in `tz` as an instant; a time skipped or repeated by a
/// daylight-saving change resolves as clocks do (the later, the earlier).
fn instant(datetime: DateTime, tz: &TimeZone) -> Option<Timestamp> {
    datetime
        .to_zoned_datetime(tz.clone())
        .ok()
        .map(|z| z.timestamp())
}

/// The occurrence of a weekly window that starts on `day` (which must be
/// its weekday).
fn weekly_on(
    from: (Weekday, Time),
    to: (Weekday, Time),
    tz: &TimeZone,
    day: Date,
) -> Option<Occurrence> {
    let mut ahead = from.0.until(to.0);
    if ahead == 0 && to.1 <= from.1 {
        ahead = 7;
    }
    let end_day = day.checked_add(jiff::Span::new().days(ahead)).ok()?;
    let (civil_start, civil_end) = (day.to_datetime(from.1), end_day.to_datetime(to.1));
    Some(Occurrence {
        start: instant(civil_start, tz)?,
        end: instant(civil_end, tz)?,
        civil_start,
        civil_end,
    })
}

fn day_in(year: i16, md: MonthDay) -> Option<Date> {
    Date::new(year, md.month, md.day)
        .or_else(|_| Date::new(year, md.month, 1).map(|d| d.last_of_month()))
        .ok()
}

/// The occurrence of a yearly window that starts in `start_year`.
fn yearly_in(from: MonthDay, to: MonthDay, tz: &TimeZone, start_year: i16) -> Option<Occurrence> {
    let wraps = (to.month, to.day) < (from.month, from.day);
    let end_year = if wraps {
        start_year.checked_add(1)?
    } else {
        start_year
    };
    let civil_start = day_in(start_year, from)?.to_datetime(from.time.unwrap_or(Time::midnight()));
    let end_day = day_in(end_year, to)?;
    // A `to` without a time includes the whole of that day.
    let civil_end = match to.time {
        Some(time) => end_day.to_datetime(time),
        None => end_day.tomorrow().ok()?.to_datetime(Time::midnight()),
    };
    Some(Occurrence {
        start: instant(civil_start, tz)?,
        end: instant(civil_end, tz)?,
        civil_start,
        civil_end,
    })
}

/// Parses a soak duration such as `30m`, `24h`, `3d`, `1d12h` or `2w` into seconds.
pub fn parse_duration(text: &str) -> Option<i64> {
    let mut total: i64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit: i64 = match c {
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return None,
        };
        let n: i64 = number.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        number.clear();
    }
    (number.is_empty() && !text.is_empty()).then_some(total)
}

/// A time for people: `2024-06-12 15:04 UTC`.
pub fn human_time(at: Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// A duration for messages: `1d 12h`, `45m`.
pub fn format_duration(seconds: i64) -> String {
    let seconds = seconds.max(0);
    let (d, h, m) = (
        seconds / 86_400,
        seconds % 86_400 / 3600,
        seconds % 3600 / 60,
    );
    let parts: Vec<String> = [(d, "d"), (h, "h"), (m, "m")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    if parts.is_empty() {
        "0m".to_string()
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests;
