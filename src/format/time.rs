//! Message times: how long ago, in whole units ("3 ngày trước"), and as a date.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ago {
    JustNow,
    Minutes(i64),
    Hours(i64),
    Days(i64),
    Months(i64),
    Years(i64),
}

/// `then` and `now` are Unix seconds. A time in the future (clock skew) reads as "just now".
pub fn ago(then: i64, now: i64) -> Ago {
    const MINUTE: i64 = 60;
    const HOUR: i64 = 60 * MINUTE;
    const DAY: i64 = 24 * HOUR;
    const MONTH: i64 = 30 * DAY;
    const YEAR: i64 = 365 * DAY;
    match now.saturating_sub(then) {
        s if s < MINUTE => Ago::JustNow,
        s if s < HOUR => Ago::Minutes(s / MINUTE),
        s if s < DAY => Ago::Hours(s / HOUR),
        s if s < MONTH => Ago::Days(s / DAY),
        s if s < YEAR => Ago::Months(s / MONTH),
        s => Ago::Years(s / YEAR),
    }
}

/// UTC time as ISO 8601, for `<time datetime>`.
pub fn iso(secs: i64) -> String {
    let (date, time) = civil(secs);
    format!("{date}T{time}Z")
}

/// Local time as ISO 8601 with its offset from UTC (`offset_minutes` east, as `+07:00`).
pub fn iso_local(secs: i64, offset_minutes: i64) -> String {
    let (date, time) = civil(secs + offset_minutes * 60);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let offset = offset_minutes.abs();
    format!("{date}T{time}{sign}{:02}:{:02}", offset / 60, offset % 60)
}

/// The browser's offset from UTC at `secs`, in minutes east.
pub fn offset_minutes(secs: i64) -> i64 {
    -(date(secs).get_timezone_offset() as i64)
}

/// `YYYY-MM-DD` and `hh:mm:ss` of a time in UTC.
fn civil(secs: i64) -> (String, String) {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    (
        format!("{year:04}-{month:02}-{day:02}"),
        format!("{h:02}:{m:02}:{s:02}"),
    )
}

/// The calendar date of a day counted from 1970-01-01, after H. Hinnant's algorithm.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The day counted from 1970-01-01 of a calendar date (the inverse of [`civil_from_days`]).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` (as `<input type="date">` and the URL write it) as a day from 1970-01-01.
pub fn parse_date(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let mut next = |digits: usize| {
        parts
            .next()
            .filter(|p| p.len() == digits && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<i64>().ok())
    };
    let (year, month, day) = (next(4)?, next(2)?, next(2)?);
    let days = days_from_civil(year, month, day);
    // Only a real date: 2026-02-30 does not come back as itself.
    (civil_from_days(days) == (year, month, day)).then_some(days)
}

/// A day from 1970-01-01 as `YYYY-MM-DD`.
pub fn date_text(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The Unix time at which local day `days` starts, in the browser's time zone.
pub fn local_midnight(days: i64) -> i64 {
    let utc = days * 86_400;
    utc - offset_minutes(utc) * 60
}

/// The date and time in the browser's time zone, written the way `locale` writes them.
pub fn local(secs: i64, locale: &'static str) -> String {
    written(secs, locale, Style::DateTime)
}

/// The time of day, e.g. "14:05".
pub fn time_of_day(secs: i64, locale: &'static str) -> String {
    written(secs, locale, Style::Time)
}

/// The date alone, in full, e.g. "Thứ Hai, 6 tháng 7, 2015".
pub fn full_date(secs: i64, locale: &'static str) -> String {
    written(secs, locale, Style::FullDate)
}

/// Builds the rows' formatter ahead, while the admin types: a page's first
/// `Intl.DateTimeFormat` loads the locale's data, 10 ms that otherwise fall between sign-in's
/// reply and its rows.
pub fn prepare(locale: &'static str) {
    written(0, locale, Style::DateTime);
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    DateTime,
    Time,
    FullDate,
}

thread_local! {
    /// One `Intl.DateTimeFormat` per locale and style: `toLocaleString` with options builds a new
    /// one on every call, the costliest part of drawing a row.
    static FORMATS: std::cell::RefCell<Vec<(&'static str, Style, js_sys::Function)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn written(secs: i64, locale: &'static str, style: Style) -> String {
    let format = FORMATS.with(|formats| {
        let mut formats = formats.borrow_mut();
        if let Some((_, _, format)) = formats.iter().find(|(l, s, _)| *l == locale && *s == style) {
            return format.clone();
        }
        let options = js_sys::Object::new();
        let pairs: &[(&str, &str)] = match style {
            Style::DateTime => &[("dateStyle", "medium"), ("timeStyle", "short")],
            Style::Time => &[("timeStyle", "short")],
            Style::FullDate => &[("dateStyle", "full")],
        };
        for (key, value) in pairs {
            let _ = js_sys::Reflect::set(&options, &(*key).into(), &(*value).into());
        }
        let locales = js_sys::Array::of1(&locale.into());
        let format = js_sys::Intl::DateTimeFormat::new(&locales, &options).format();
        formats.push((locale, style, format.clone()));
        format
    });
    format
        .call1(&wasm_bindgen::JsValue::NULL, &date(secs))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// The calendar day of a time in the browser's time zone, as days since 1970-01-01 there.
pub fn local_day(secs: i64) -> i64 {
    (secs + offset_minutes(secs) * 60).div_euclid(86_400)
}

/// [`local_day`] of many times, asking the browser for the offset once per day of UTC in a row
/// rather than once per time (an offset changes at most once a day): the statistics of 30,000
/// conversations made 30,000 `Date`s.
#[derive(Default)]
pub struct LocalDays {
    /// The UTC day last asked about, with the offsets at its start and its end.
    last: std::cell::Cell<Option<(i64, i64, i64)>>,
}

impl LocalDays {
    pub fn day(&self, secs: i64) -> i64 {
        let utc = secs.div_euclid(86_400);
        let (start, end) = match self.last.get() {
            Some((day, start, end)) if day == utc => (start, end),
            _ => {
                let offsets = (
                    offset_minutes(utc * 86_400),
                    offset_minutes(utc * 86_400 + 86_399),
                );
                self.last.set(Some((utc, offsets.0, offsets.1)));
                offsets
            }
        };
        let offset = if start == end {
            start
        } else {
            offset_minutes(secs)
        };
        (secs + offset * 60).div_euclid(86_400)
    }
}

fn date(secs: i64) -> js_sys::Date {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_in_utc() {
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso(1436149648), "2015-07-06T02:27:28Z");
        assert_eq!(iso(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso(253_402_300_799), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn dates_are_read_and_written_as_days() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2026-11-27"), Some(20_784));
        assert_eq!(parse_date("2000-02-29"), Some(11_016));
        for day in [-25_567, -1, 0, 59, 60, 20_784, 2_932_896] {
            assert_eq!(parse_date(&date_text(day)), Some(day), "{day}");
        }
        for bad in [
            "",
            "2026-02-30",
            "2026-13-01",
            "26-11-27",
            "2026-1-27",
            "2026/11/27",
            "x",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn iso_dates_with_an_offset() {
        assert_eq!(iso_local(1436149648, 7 * 60), "2015-07-06T09:27:28+07:00");
        assert_eq!(iso_local(0, -150), "1969-12-31T21:30:00-02:30");
        assert_eq!(iso_local(1436149648, 0), "2015-07-06T02:27:28+00:00");
    }

    #[test]
    fn picks_the_largest_whole_unit() {
        let now = 1_700_000_000;
        assert_eq!(ago(now, now), Ago::JustNow);
        assert_eq!(ago(now + 500, now), Ago::JustNow);
        assert_eq!(ago(now - 59, now), Ago::JustNow);
        assert_eq!(ago(now - 60, now), Ago::Minutes(1));
        assert_eq!(ago(now - 3599, now), Ago::Minutes(59));
        assert_eq!(ago(now - 3600 * 5, now), Ago::Hours(5));
        assert_eq!(ago(now - 86400 * 3, now), Ago::Days(3));
        assert_eq!(ago(now - 86400 * 45, now), Ago::Months(1));
        assert_eq!(ago(now - 86400 * 365 * 11, now), Ago::Years(11));
        assert_eq!(
            ago(i64::MIN, i64::MAX),
            Ago::Years(i64::MAX / (365 * 86400))
        );
    }
}
