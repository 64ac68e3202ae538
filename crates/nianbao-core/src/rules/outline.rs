//! The outline of the text (S313–S315): the numbers of the sub-topics inside each part —
//! （一）（二）… and, under each, 1. 2. … — in sequence, one numbering system, and no sub-topic
//! numbered like one of the six parts ("二、").

use super::Ctx;
use crate::finding::{Finding, Severity};
use crate::layout::PARTS;
use crate::text::cn_numeral;

/// A numbering mark at the start of a sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mark {
    /// （一） or (一): a part's sub-topic.
    Topic(u8),
    /// 1. or 1、: an item under a sub-topic.
    Item(u8),
    /// （1） or (1): a point under an item.
    Sub(u8),
    /// 一、: the numbering of the six parts.
    Part(u8),
}

/// Where a mark may start: the text's start, a new line, or after a sentence's end.
fn at_boundary(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|p| matches!(p, '\n' | '。' | '；' | ';' | '：' | ':' | ' ' | '！' | '？'))
}

/// A Chinese numeral 一–二十 at the start of `s`: its value and length in bytes.
fn cn_number(s: &str) -> Option<(u8, usize)> {
    let mut chars = s.char_indices();
    let (_, a) = chars.next()?;
    let first = cn_numeral(a)?;
    let second = chars.next().and_then(|(i, c)| cn_numeral(c).map(|v| (v, i + c.len_utf8())));
    match second {
        Some((v, len)) if first == 10 && v < 10 => Some((10 + v, len)),
        Some((10, len)) if first < 10 => {
            // 二十
            let third = s[len..].chars().next().and_then(cn_numeral).filter(|v| *v < 10);
            Some((first * 10 + third.unwrap_or(0), len + third.map_or(0, |_| 3)))
        }
        _ => Some((first, a.len_utf8())),
    }
}

/// The arabic number 1–99 at the start of `s`: value and length.
fn ar_number(s: &str) -> Option<(u8, usize)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > 2 {
        return None;
    }
    s[..len].parse().ok().map(|v| (v, len))
}

/// The marks of a text, in order, with their byte ranges.
fn marks(text: &str) -> Vec<(Mark, usize, usize)> {
    let mut out = Vec::new();
    for (at, c) in text.char_indices() {
        if !at_boundary(text, at) {
            continue;
        }
        let rest = &text[at..];
        let open = matches!(c, '（' | '(');
        if open {
            let inner = &rest[c.len_utf8()..];
            let close = |len: usize| inner[len..].chars().next().filter(|c| matches!(c, '）' | ')'));
            if let Some((v, len)) = cn_number(inner) {
                if let Some(cl) = close(len) {
                    out.push((Mark::Topic(v), at, at + c.len_utf8() + len + cl.len_utf8()));
                }
            } else if let Some((v, len)) = ar_number(inner) {
                if let Some(cl) = close(len) {
                    out.push((Mark::Sub(v), at, at + c.len_utf8() + len + cl.len_utf8()));
                }
            }
            continue;
        }
        if let Some((v, len)) = ar_number(rest) {
            // "1." or "1、" followed by a word (not "1.5万", not a date)
            let sep = rest[len..].chars().next();
            let after = sep.and_then(|s| rest[len + s.len_utf8()..].chars().next());
            if matches!(sep, Some('.' | '、' | '．'))
                && after.is_some_and(|a| !a.is_ascii_digit() && !a.is_whitespace())
            {
                out.push((Mark::Item(v), at, at + len + sep.map_or(0, char::len_utf8)));
            }
            continue;
        }
        if let Some((v, len)) = cn_number(rest) {
            // "二、" followed by a word, not "一、二、三季度"
            let after = rest[len..].strip_prefix('、').and_then(|r| r.chars().next());
            if after.is_some_and(|a| cn_numeral(a).is_none() && !a.is_ascii_digit() && !a.is_whitespace()) {
                out.push((Mark::Part(v), at, at + len + '、'.len_utf8()));
            }
        }
    }
    out
}

fn part_name(part: Option<u8>) -> &'static str {
    part.map_or("开头", |p| PARTS[p as usize].0)
}

fn shown(m: Mark) -> String {
    const CN: [&str; 21] = [
        "", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六",
        "十七", "十八", "十九", "二十",
    ];
    let cn = |v: u8| CN.get(v as usize).copied().unwrap_or("").to_string();
    match m {
        Mark::Topic(v) => format!("（{}）", cn(v)),
        Mark::Item(v) => format!("{v}."),
        Mark::Sub(v) => format!("（{v}）"),
        Mark::Part(v) => format!("{}、", cn(v)),
    }
}

/// Moves a level's counter on to `v`: the number expected instead when `v` is out of sequence
/// (1 always starts a list again; a list that did not start at 1 is held to it only if `strict`).
fn step(counter: &mut u8, v: u8, strict: bool) -> Option<u8> {
    let expected = *counter + 1;
    let started = *counter > 0;
    *counter = v;
    (v != 1 && v != expected && (strict || started)).then_some(expected)
}

/// S313 (numbers out of sequence), S314 (two systems mixed) and S315 (a sub-topic numbered as a
/// part), at most one finding of each a part.
pub fn numbering(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    // text read from pictures: a misread numeral ("（四）" as "（匹）") is the recogniser's,
    // not a gap in the report's outline
    if ctx.report.provenance.ocr_text {
        return;
    }
    for (part, text, _) in ctx.texts() {
        let Some(p) = part else { continue };
        let marks = marks(text);
        let name = part_name(*part);
        let (mut topic, mut item, mut sub) = (0u8, 0u8, 0u8);
        let mut top_level = false;
        let (mut seq_found, mut mixed_found) = (false, false);
        let mut items_before_topics = false;
        for &(m, start, end) in &marks {
            let (expected, e, seen) = match m {
                Mark::Topic(v) => {
                    if v >= 2 && topic == 0 && items_before_topics && !mixed_found {
                        mixed_found = true;
                        out.push(
                            Finding::new(
                                "S314",
                                Severity::Warning,
                                format!("“{name}”中序号体系混用：前面的小标题用“1.”式序号，这里却用“{}”", shown(m)),
                            )
                            .at(*part, text, start, end),
                        );
                    }
                    (item, sub) = (0, 0);
                    let Some(e) = step(&mut topic, v, true) else { continue };
                    (Mark::Topic(e), e, v)
                }
                Mark::Sub(v) => {
                    let Some(e) = step(&mut sub, v, false) else { continue };
                    (Mark::Sub(e), e, v)
                }
                Mark::Item(v) => {
                    if topic == 0 && v == 1 {
                        items_before_topics = true;
                    }
                    sub = 0;
                    let Some(e) = step(&mut item, v, false) else { continue };
                    (Mark::Item(e), e, v)
                }
                Mark::Part(v) => {
                    // the six parts are numbered 一、 to 六、 by their headings; sub-topics
                    // numbered 一、二、 inside a part should take （一）. A 二、 that goes on from
                    // the part's own number is a report's own outline of more parts (S302's)
                    if v == 1 {
                        top_level = true;
                    }
                    if !top_level || (v as usize == *p as usize + 1 && start == 0) {
                        continue;
                    }
                    out.push(
                        Finding::new(
                            "S315",
                            Severity::Warning,
                            format!(
                                "“{name}”中的小标题“{}”用了一级标题的序号，与报告的六个部分混淆，宜改为“{}”",
                                shown(m),
                                shown(Mark::Topic(v))
                            ),
                        )
                        .at(*part, text, start, end),
                    );
                    break;
                }
            };
            if seq_found {
                continue;
            }
            seq_found = true;
            let how = if seen < e { "重复或倒退" } else { "跳号" };
            out.push(
                Finding::new(
                    "S313",
                    Severity::Warning,
                    format!("“{name}”中序号{how}：这里应为“{}”，写成了“{}”", shown(expected), shown(m)),
                )
                .values(shown(m), shown(expected))
                .at(*part, text, start, end),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_at_sentence_starts() {
        let m: Vec<Mark> =
            marks("（一）主动公开。1.发布信息。2、解读。（二）依申请公开。第二十条第（一）项。共1.5万条。二、平台")
                .into_iter()
                .map(|x| x.0)
                .collect();
        assert_eq!(m, vec![Mark::Topic(1), Mark::Item(1), Mark::Item(2), Mark::Topic(2), Mark::Part(2)]);
        let m: Vec<Mark> = marks("1.做法：（1）甲。（2）乙。2.成效").into_iter().map(|x| x.0).collect();
        assert_eq!(m, vec![Mark::Item(1), Mark::Sub(1), Mark::Sub(2), Mark::Item(2)]);
        assert_eq!(cn_number("十二、"), Some((12, 6)));
        assert_eq!(cn_number("二十"), Some((20, 6)));
        assert!(marks("一、二、三季度").is_empty());
    }
}
