//! Calendar dates (YYYY-MM-DD), the only kind of time almanac deals with.
//!
//! Staleness and scheduling compare whole days against `--today`, so a small
//! proleptic-Gregorian date type is all the model needs.

use std::fmt;
use std::str::FromStr;

/// A calendar date. Ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

const MONTH_NAMES: [&str; 12] = [
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

impl Date {
    /// A date from its parts, or `None` when the day does not exist.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Today's date in UTC, from the system clock.
    pub fn today_utc() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch((seconds / 86_400) as i64)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1 for January to 12 for December.
    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before), for day arithmetic.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::days_since_epoch`].
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// The date in words, e.g. "30 June 2026", for readers.
    pub fn long(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTH_NAMES[usize::from(self.month - 1)],
            self.year
        )
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// As `YYYY-MM-DD`, the form every machine-readable output uses.
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

impl FromStr for Date {
    type Err = DateError;

    /// Accepts exactly `YYYY-MM-DD`.
    fn from_str(text: &str) -> Result<Date, DateError> {
        let invalid = || {
            DateError(format!(
                "`{text}` is not a valid date: write it as YYYY-MM-DD, e.g. 2026-03-01"
            ))
        };
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(invalid());
        }
        let year = text[0..4].parse().map_err(|_| invalid())?;
        let month = text[5..7].parse().map_err(|_| invalid())?;
        let day = text[8..10].parse().map_err(|_| invalid())?;
        Date::new(year, month, day).ok_or_else(|| {
            DateError(format!(
                "`{text}` is not a valid date: that day does not exist in the calendar"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_iso_dates() {
        let d: Date = "2026-06-30".parse().unwrap();
        assert_eq!(d.to_string(), "2026-06-30");
        assert_eq!(d.long(), "30 June 2026");
    }

    #[test]
    fn rejects_malformed_and_impossible_dates() {
        for bad in [
            "2026-6-30",
            "2026/06/30",
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "",
            "yesterday",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad} should be rejected");
        }
        assert!("2024-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn day_arithmetic_round_trips() {
        let a: Date = "2025-11-23".parse().unwrap();
        let b: Date = "2026-11-23".parse().unwrap();
        assert_eq!(a.days_until(b), 365);
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        for days in [-800_000, -1, 0, 59, 60, 10_957, 20_000, 700_000] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
    }
}
