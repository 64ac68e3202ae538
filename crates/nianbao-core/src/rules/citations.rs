//! The documents a report cites (C801–C804): the format document that fits the report's year,
//! its number written right, no document cited before it existed, and the 条例 as revised.

use super::Ctx;
use crate::finding::{Finding, Severity};
use crate::layout::Edition;

/// A document number as cited: "国办公开办函〔2021〕30号".
#[derive(Debug, Clone, PartialEq)]
struct Cited {
    /// The issuer's code before the year, e.g. "国办公开办函" (up to 8 characters back).
    prefix: String,
    year: u16,
    number: u32,
    /// Part (None: the opening), byte range in that text.
    part: Option<u8>,
    start: usize,
    end: usize,
}

/// The brackets a document year is written in (〔〕 is right; [] （） 【】 are common).
const OPEN: &[char] = &['〔', '[', '［', '(', '（', '【', '〈'];
const CLOSE: &[char] = &['〕', ']', '］', ')', '）', '】', '〉'];

/// Every "X〔YYYY〕N号" in a text.
fn cited(part: Option<u8>, text: &str) -> Vec<Cited> {
    let mut out = Vec::new();
    for (at, c) in text.char_indices() {
        if !OPEN.contains(&c) {
            continue;
        }
        let rest = &text[at + c.len_utf8()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits != 4 {
            continue;
        }
        let Some(close) = rest[4..].chars().next().filter(|c| CLOSE.contains(c)) else { continue };
        let after = &rest[4 + close.len_utf8()..];
        let n = after.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || n > 4 || !after[n..].starts_with('号') {
            continue;
        }
        let back: usize = text[..at].chars().rev().take_while(|c| is_code_char(*c)).take(8).map(char::len_utf8).sum();
        let end = at + c.len_utf8() + 4 + close.len_utf8() + n + '号'.len_utf8();
        out.push(Cited {
            prefix: text[at - back..at].to_string(),
            year: rest[..4].parse().unwrap_or(0),
            number: after[..n].parse().unwrap_or(0),
            part,
            start: at - back,
            end,
        });
    }
    out
}

/// Characters of an issuer's code ("国办公开办函"): Chinese, no punctuation or space.
fn is_code_char(c: char) -> bool {
    crate::text::is_han(c) && !"的和及与或（）《》“”".contains(c)
}

/// The two format documents: (year, number, edition).
const FORMATS: [(u16, u32, Edition); 2] = [(2019, 60, Edition::E2019), (2021, 30, Edition::E2021)];
const FORMAT_CODE: &str = "国办公开办函";

fn finding(ctx: &Ctx<'_>, c: &Cited, code: &str, message: String) -> Finding {
    let text = ctx.part_text(c.part);
    Finding::new(code, Severity::Warning, message).at(c.part, text, c.start, c.end)
}

/// C801–C804.
pub fn citations(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(year) = ctx.report.meta.year else { return };
    if ctx.report.edition == Edition::Pre2019 {
        return;
    }
    let all: Vec<Cited> = ctx.texts().iter().flat_map(|(p, t, _)| cited(*p, t)).collect();
    let is_format = |c: &Cited| FORMATS.iter().any(|(y, n, _)| c.year == *y && c.number == *n);
    let format_like = |c: &Cited| c.prefix.contains("公开") && c.prefix.ends_with('函');
    let right_format = FORMATS.iter().find(|(y, _, _)| if year >= 2021 { *y == 2021 } else { *y == 2019 }).copied();
    let cites_right = all.iter().any(|c| Some((c.year, c.number)) == right_format.map(|(y, n, _)| (y, n)));
    let mut said = [false; 4];
    for c in &all {
        // C802: the format document with its code or number written wrong
        if is_format(c) && format_like(c) && c.prefix != FORMAT_CODE && !c.prefix.ends_with(FORMAT_CODE) && !said[1] {
            said[1] = true;
            out.push(finding(
                ctx,
                c,
                "C802",
                format!(
                    "文号“{}〔{}〕{}号”写法有误：年报格式文件的文号是“{FORMAT_CODE}〔{}〕{}号”",
                    c.prefix, c.year, c.number, c.year, c.number
                ),
            ));
        }
        let wrong_number = c.prefix.ends_with(FORMAT_CODE)
            && FORMATS.iter().any(|(y, n, _)| c.year == *y && c.number != *n)
            && near_format_name(ctx.part_text(c.part), c.start, c.end);
        if wrong_number && !said[1] {
            said[1] = true;
            let (y, n, _) = FORMATS.iter().find(|(y, _, _)| *y == c.year).copied().unwrap_or(FORMATS[1]);
            out.push(finding(
                ctx,
                c,
                "C802",
                format!(
                    "年报格式文件的文号有误：写成了“{FORMAT_CODE}〔{}〕{}号”，应为“{FORMAT_CODE}〔{y}〕{n}号”",
                    c.year, c.number
                ),
            ));
        }
        if !is_format(c) || !format_like(c) {
            continue;
        }
        // C803: cited before it existed (the 2021 format came out on 26 September 2021)
        if c.year > year && !said[2] {
            said[2] = true;
            out.push(finding(
                ctx,
                c,
                "C803",
                format!("{year}年度的报告引用了{}年才印发的〔{}〕{}号文件", c.year, c.year, c.number),
            ));
            continue;
        }
        // C801: the other edition's format document as the basis
        if let Some((ry, rn, _)) = right_format {
            if (c.year, c.number) != (ry, rn) && !cites_right && !said[0] {
                said[0] = true;
                out.push(finding(
                    ctx,
                    c,
                    "C801",
                    format!(
                        "{year}年度的报告引用的年报格式文件是〔{}〕{}号，{year}年度应依据{FORMAT_CODE}〔{ry}〕{rn}号",
                        c.year, c.number
                    ),
                ));
            }
        }
    }
    // C804: the 2007 条例 (国务院令第492号) as if in force, the 2019 revision not named
    if year >= 2019 && !said[3] {
        let revised = ctx.texts().iter().any(|(_, t, _)| t.contains("711号") || t.contains("修订"));
        for (part, text, _) in ctx.texts() {
            if let Some(at) = text.find("492号").filter(|_| !revised) {
                let start = text[..at].rfind("国务院令").unwrap_or(at);
                let start = if at - start <= 12 { start } else { at };
                out.push(
                    Finding::new(
                        "C804",
                        Severity::Warning,
                        "引用的是2007年公布的《中华人民共和国政府信息公开条例》（国务院令第492号）；该条例已于2019年修订（国务院令第711号，2019年5月15日起施行）",
                    )
                    .at(*part, text, start, at + "492号".len()),
                );
                break;
            }
        }
    }
}

/// Whether the sentence around a citation names the report format ("年度报告格式", "年报格式").
fn near_format_name(text: &str, start: usize, end: usize) -> bool {
    let stops = ['。', '；', '\n'];
    let from = text[..start].char_indices().rev().find(|(_, c)| stops.contains(c)).map_or(0, |(i, c)| i + c.len_utf8());
    let to = text[end..].find(stops).map_or(text.len(), |i| end + i);
    let sentence = &text[from..to];
    sentence.contains("年度报告格式") || sentence.contains("年报格式")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_document_numbers() {
        let c = cited(None, "依据《通知》（国办公开办函〔2021〕30号）和国办函[2020]109号");
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].prefix.as_str(), c[0].year, c[0].number), ("国办公开办函", 2021, 30));
        assert_eq!((c[1].prefix.as_str(), c[1].year, c[1].number), ("国办函", 2020, 109));
    }
}
