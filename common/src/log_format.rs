//! The log line's shape, `[2026-12-02T21:46:17Z INFO  server_b] message`:
//! env_logger's default, written here so that the lab needs no date-time
//! crate (env_logger's `humantime` feature built jiff, 14 CPU-seconds of
//! every first build, for this one timestamp).

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

/// Writes one record as env_logger's default format would (UTC, seconds).
pub fn write_record(buf: &mut impl Write, record: &log::Record) -> std::io::Result<()> {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    writeln!(
        buf,
        "[{} {:<5} {}] {}",
        utc_timestamp(seconds),
        record.level(),
        record.target(),
        record.args()
    )
}

/// Seconds since 1970 as RFC 3339 in UTC (`1970-01-01T00:00:00Z`).
pub fn utc_timestamp(seconds: u64) -> String {
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    let (hour, minute, second) = (rest / 3600, rest % 3600 / 60, rest % 60);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

/// The proleptic Gregorian date of a day count since 1970-01-01: Howard
/// Hinnant's `civil_from_days`, for days on or after the epoch.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_match_known_dates() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00Z");
        // `date -u -d @951782400`: the leap day of a year divisible by 400.
        assert_eq!(utc_timestamp(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_timestamp(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(utc_timestamp(1_796_334_377), "2026-12-03T21:46:17Z");
        assert_eq!(utc_timestamp(4_107_542_400), "2100-03-01T00:00:00Z");
    }

    #[test]
    fn a_record_is_written_as_env_logger_writes_it() {
        let mut line = Vec::new();
        let record = log::Record::builder()
            .args(format_args!("listening"))
            .level(log::Level::Info)
            .target("server_b")
            .build();
        write_record(&mut line, &record).unwrap();
        let line = String::from_utf8(line).unwrap();
        assert!(line.ends_with("Z INFO  server_b] listening\n"), "{line}");
        assert_eq!(
            line.len(),
            "[1970-01-01T00:00:00Z INFO  server_b] listening\n".len()
        );
    }
}
