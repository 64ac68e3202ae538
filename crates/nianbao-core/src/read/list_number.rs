//! Automatic list numbers ("一、", "（二）") as Word computes them: the levels of a list, the
//! counts of a list as its paragraphs are read, and a number written in its format. Shared by
//! the .docx reader (`numbering.xml`) and the Word 97–2003 reader (the PlfLst and PlfLfo of the
//! table stream).

/// One level of a list: how its number is written.
#[derive(Clone)]
pub(crate) struct Level {
    /// The number format, by its Office Open XML name (`decimal`, `chineseCounting`…).
    pub format: String,
    /// The number text, "%1、" or "（%2）": `%k` is the count of level k (1-based).
    pub text: String,
    /// The first number of the level.
    pub start: u32,
}

/// A level no `w:lvl` defines: no format, no text.
static NO_LEVEL: Level = Level { format: String::new(), text: String::new(), start: 1 };

/// The levels (ilvl 0–8) an abstract list defines; only those given are kept.
#[derive(Default, Clone)]
pub(crate) struct Levels(Vec<(usize, Level)>);

impl Levels {
    /// Level `i`, or [`NO_LEVEL`] past the nine levels' defined ones.
    pub(crate) fn get(&self, i: usize) -> Option<&Level> {
        (i < 9).then(|| self.0.iter().find(|(k, _)| *k == i).map_or(&NO_LEVEL, |(_, l)| l))
    }

    /// Defines level `i`.
    pub(crate) fn set(&mut self, i: usize, level: Level) {
        match self.0.iter_mut().find(|(k, _)| *k == i) {
            Some(slot) => slot.1 = level,
            None => self.0.push((i, level)),
        }
    }
}

/// A list number in its format; None for bullets and formats not written out.
pub(crate) fn format_number(v: u32, format: &str) -> Option<String> {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let chinese = |v: u32| -> String {
        match v {
            0..=9 => DIGITS[v as usize].to_string(),
            10..=19 => format!("十{}", if v > 10 { DIGITS[(v % 10) as usize].to_string() } else { String::new() }),
            20..=99 => format!(
                "{}十{}",
                DIGITS[(v / 10) as usize],
                if v % 10 > 0 { DIGITS[(v % 10) as usize].to_string() } else { String::new() }
            ),
            _ => v.to_string(),
        }
    };
    Some(match format {
        "decimal" | "decimalZero" => v.to_string(),
        "decimalFullWidth" | "decimalFullWidth2" => {
            v.to_string().chars().filter_map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32)).collect()
        }
        "chineseCounting" | "chineseCountingThousand" | "ideographDigital" | "japaneseCounting" => chinese(v),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&v) => {
            char::from_u32(0x2460 + v - 1)?.to_string()
        }
        "lowerLetter" if (1..=26).contains(&v) => char::from_u32('a' as u32 + v - 1)?.to_string(),
        "upperLetter" if (1..=26).contains(&v) => char::from_u32('A' as u32 + v - 1)?.to_string(),
        _ => return None,
    })
}

/// Counts one more paragraph at level `ilvl` of a list whose counts so far are `counters`
/// (deeper levels start again), and writes its number text; None for a bullet, a format not
/// written out or a level past the nine.
pub(crate) fn next_number(levels: &Levels, counters: &mut [u32; 9], ilvl: usize) -> Option<String> {
    let level = levels.get(ilvl)?;
    counters[ilvl] = if counters[ilvl] == 0 { level.start } else { counters[ilvl].saturating_add(1) };
    for deeper in counters.iter_mut().skip(ilvl + 1) {
        *deeper = 0;
    }
    // "%1、" with the counts of the levels named
    let mut text = String::new();
    let mut chars = level.text.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '%' {
            if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                chars.next();
                let k = (d as usize).checked_sub(1)?;
                let lv = levels.get(k)?;
                let v = if counters[k] == 0 { lv.start } else { counters[k] };
                text.push_str(&format_number(v, &lv.format)?);
                continue;
            }
        }
        text.push(ch);
    }
    Some(text)
}
