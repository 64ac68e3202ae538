//! Working days (条例 art. 33: answers within 20 working days, 20 more when extended), from the
//! State Council's holiday arrangements of each year: the days off (法定节假日 with the
//! weekends joined to them) and the weekend days worked instead (调休上班). A year without data
//! has no deadline check, and the ledger says so.

use crate::batch::dates::Date;

/// A month and day.
pub type MonthDay = (u8, u8);

/// One year's arrangement and the notice it comes from.
pub struct Year {
    /// The year.
    pub year: u16,
    /// The notice (and any later notice that changed it).
    pub source: &'static str,
    /// Days off, as inclusive (month, day) ranges; a range may start in the year before.
    pub off: &'static [(MonthDay, MonthDay)],
    /// Weekend days worked, (month, day).
    pub worked: &'static [MonthDay],
}

/// The arrangements 2019–2026. Days off of a range that starts in December of the year before
/// (元旦) are listed in the year they fall in.
pub static YEARS: &[Year] = &[
    Year {
        year: 2019,
        source: "国务院办公厅关于2019年部分节假日安排的通知（国办发明电〔2018〕15号）；劳动节按国务院办公厅关于调整2019年劳动节假期安排的通知（国办发明电〔2019〕2号）",
        off: &[((1, 1), (1, 1)), ((2, 4), (2, 10)), ((4, 5), (4, 7)), ((5, 1), (5, 4)), ((6, 7), (6, 9)), ((9, 13), (9, 15)), ((10, 1), (10, 7))],
        worked: &[(2, 2), (2, 3), (4, 28), (5, 5), (9, 29), (10, 12)],
    },
    Year {
        year: 2020,
        source: "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）；春节假期按国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号）延长至2月2日",
        off: &[((1, 1), (1, 1)), ((1, 24), (2, 2)), ((4, 4), (4, 6)), ((5, 1), (5, 5)), ((6, 25), (6, 27)), ((10, 1), (10, 8))],
        worked: &[(1, 19), (4, 26), (5, 9), (6, 28), (9, 27), (10, 10)],
    },
    Year {
        year: 2021,
        source: "国务院办公厅关于2021年部分节假日安排的通知（国办发明电〔2020〕27号）",
        off: &[((1, 1), (1, 3)), ((2, 11), (2, 17)), ((4, 3), (4, 5)), ((5, 1), (5, 5)), ((6, 12), (6, 14)), ((9, 19), (9, 21)), ((10, 1), (10, 7))],
        worked: &[(2, 7), (2, 20), (4, 25), (5, 8), (9, 18), (9, 26), (10, 9)],
    },
    Year {
        year: 2022,
        source: "国务院办公厅关于2022年部分节假日安排的通知（国办发明电〔2021〕11号）",
        off: &[((1, 1), (1, 3)), ((1, 31), (2, 6)), ((4, 3), (4, 5)), ((4, 30), (5, 4)), ((6, 3), (6, 5)), ((9, 10), (9, 12)), ((10, 1), (10, 7))],
        worked: &[(1, 29), (1, 30), (4, 2), (4, 24), (5, 7), (10, 8), (10, 9)],
    },
    Year {
        year: 2023,
        source: "国务院办公厅关于2023年部分节假日安排的通知（国办发明电〔2022〕16号）",
        off: &[((1, 1), (1, 2)), ((1, 21), (1, 27)), ((4, 5), (4, 5)), ((4, 29), (5, 3)), ((6, 22), (6, 24)), ((9, 29), (10, 6))],
        worked: &[(1, 28), (1, 29), (4, 23), (5, 6), (6, 25), (10, 7), (10, 8)],
    },
    Year {
        year: 2024,
        source: "国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）",
        off: &[((1, 1), (1, 1)), ((2, 10), (2, 17)), ((4, 4), (4, 6)), ((5, 1), (5, 5)), ((6, 8), (6, 10)), ((9, 15), (9, 17)), ((10, 1), (10, 7))],
        worked: &[(2, 4), (2, 18), (4, 7), (4, 28), (5, 11), (9, 14), (9, 29), (10, 12)],
    },
    Year {
        year: 2025,
        source: "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）",
        off: &[((1, 1), (1, 1)), ((1, 28), (2, 4)), ((4, 4), (4, 6)), ((5, 1), (5, 5)), ((5, 31), (6, 2)), ((10, 1), (10, 8))],
        worked: &[(1, 26), (2, 8), (4, 27), (9, 28), (10, 11)],
    },
    Year {
        year: 2026,
        source: "国务院办公厅关于2026年部分节假日安排的通知（2025年11月发布；文号未经本项目核对）",
        off: &[((1, 1), (1, 3)), ((2, 15), (2, 23)), ((4, 4), (4, 6)), ((5, 1), (5, 5)), ((6, 19), (6, 21)), ((9, 25), (9, 27)), ((10, 1), (10, 7))],
        worked: &[(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)],
    },
];

/// The arrangement of a year, if kept.
pub fn year(y: u16) -> Option<&'static Year> {
    YEARS.iter().find(|x| x.year == y)
}

/// Days since 1970-01-01 (a proleptic Gregorian day number, for weekdays and differences).
pub fn day_number(d: Date) -> i64 {
    // Howard Hinnant's days_from_civil
    let (y, m, dd) = (i64::from(d.year), i64::from(d.month), i64::from(d.day));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number.
pub fn from_day_number(z: i64) -> Option<Date> {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date::new(u16::try_from(y).ok()?, m as u8, d as u8)
}

/// Whether a day is a working day; None when its year has no data.
pub fn is_working_day(d: Date) -> Option<bool> {
    let y = year(d.year)?;
    let md = (d.month, d.day);
    if y.worked.contains(&md) {
        return Some(true);
    }
    if y.off.iter().any(|(a, b)| *a <= md && md <= *b) {
        return Some(false);
    }
    // 1970-01-01 was a Thursday: day number 0 → weekday 3 (Monday = 0)
    let weekday = (day_number(d) + 3).rem_euclid(7);
    Some(weekday < 5)
}

/// The `n`th working day after `from` (the day of receipt is not counted); None when a year on
/// the way has no data.
pub fn add_working_days(from: Date, n: u32) -> Option<Date> {
    let mut z = day_number(from);
    let mut left = n;
    while left > 0 {
        z += 1;
        if is_working_day(from_day_number(z)?)? {
            left -= 1;
        }
    }
    from_day_number(z)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn weekdays_and_the_calendar() {
        assert_eq!(from_day_number(day_number(d(2024, 2, 29))), Some(d(2024, 2, 29)));
        // 2025-01-06 was a Monday, 2025-01-04 a Saturday
        assert_eq!(is_working_day(d(2025, 1, 6)), Some(true));
        assert_eq!(is_working_day(d(2025, 1, 4)), Some(false));
        // 2025-01-26 (Sunday) was worked before 春节; 2025-01-28 was off
        assert_eq!(is_working_day(d(2025, 1, 26)), Some(true));
        assert_eq!(is_working_day(d(2025, 1, 28)), Some(false));
        assert_eq!(is_working_day(d(2018, 6, 1)), None);
        // every year's worked days are weekends, and its days off are real dates
        for y in YEARS {
            for &(m, day) in y.worked {
                let date = d(y.year, m, day);
                assert!((day_number(date) + 3).rem_euclid(7) >= 5, "{}: {m}-{day} is not a weekend", y.year);
            }
            for &((m1, d1), (m2, d2)) in y.off {
                assert!(Date::new(y.year, m1, d1).is_some() && Date::new(y.year, m2, d2).is_some());
            }
        }
    }

    #[test]
    fn twenty_working_days() {
        // received Monday 2025-01-06: 20 working days, 春节 (1-28…2-4 off, 1-26 and 2-8 worked)
        // on the way: 1-7…1-24 are 14, 1-26 and 1-27 make 16, 2-5…2-7 19, Saturday 2-8 the 20th
        assert_eq!(add_working_days(d(2025, 1, 6), 20), Some(d(2025, 2, 8)));
        // received 2024-09-23 (Monday): 9-24…9-27 (4), Sunday 9-29 and 9-30 (6), 国庆 off,
        // 10-8…10-11 (10), Saturday 10-12 (11), 10-14…10-18 (16), 10-21…10-24 (20)
        assert_eq!(add_working_days(d(2024, 9, 23), 20), Some(d(2024, 10, 24)));
    }
}
