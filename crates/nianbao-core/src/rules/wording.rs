//! Wording (W801–W804): doubled words, unmatched brackets and quotes, half-width punctuation
//! inside Chinese sentences, and template placeholders left in. One finding a kind and report,
//! with the count and the first places.

use super::Ctx;
use crate::finding::{Finding, Severity};
use crate::layout::PARTS;
use crate::text::is_han;

/// A place found: part, byte range.
type Place = (Option<u8>, usize, usize);

/// Function words that are never written twice in a row.
const NEVER_DOUBLED: &str = "的了和在是及与将并为把被或而于已对向从就也都又";
/// Words that are written twice on purpose (AABB, ABAB).
const DOUBLED_ON_PURPOSE: &[&str] = &["研究研究", "讨论讨论", "学习学习", "一点一点", "一步一步"];

/// Doubled characters ("的的") and doubled two-character words ("公开公开").
fn doubled(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < chars.len() {
        let (a, ca) = chars[i];
        let (_, cb) = chars[i + 1];
        if ca == cb && NEVER_DOUBLED.contains(ca) {
            let end = chars.get(i + 2).map_or(text.len(), |x| x.0);
            out.push((a, end));
            i += 2;
            continue;
        }
        if i + 3 < chars.len() {
            let w = [chars[i].1, chars[i + 1].1, chars[i + 2].1, chars[i + 3].1];
            if w[0] == w[2] && w[1] == w[3] && w[0] != w[1] && w.iter().all(|c| is_han(*c)) {
                let end = chars.get(i + 4).map_or(text.len(), |x| x.0);
                if !DOUBLED_ON_PURPOSE.contains(&&text[a..end]) && crate::text::cn_numeral(w[0]).is_none() {
                    out.push((a, end));
                    i += 4;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// Paragraphs whose 《》 “” （） do not pair up: the paragraph's range.
fn unmatched(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for para in text.split('\n') {
        let end = start + para.len();
        let count = |c: char| para.matches(c).count();
        if [('《', '》'), ('“', '”'), ('（', '）')].iter().any(|(o, c)| count(*o) != count(*c)) {
            // the excerpt: the first 40 characters of the paragraph
            let cut = para.char_indices().nth(40).map_or(para.len(), |(b, _)| b);
            out.push((start, start + cut));
        }
        start = end + 1;
    }
    out
}

/// Half-width , ; : ( ) ! ? between Chinese characters ("公开,持续").
fn half_width(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    for i in 1..chars.len() {
        let (at, c) = chars[i];
        if !matches!(c, ',' | ';' | ':' | '(' | ')' | '!' | '?') {
            continue;
        }
        let before = chars[i - 1].1;
        let after = chars.get(i + 1).map(|x| x.1);
        let han_side = match c {
            '(' => after.is_some_and(is_han) && is_han(before),
            ')' => is_han(before) && after.is_some_and(|a| is_han(a) || "，。；、".contains(a)),
            _ => is_han(before) && after.is_none_or(|a| is_han(a) || a == '“'),
        };
        if han_side {
            let from = chars[i - 1].0;
            let to = chars.get(i + 2).map_or(text.len(), |x| x.0);
            out.push((from, to.max(at + 1)));
        }
    }
    out
}

/// Placeholders of a template: ××, XX, xx, 某某, ○○.
fn placeholders(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for p in ["××", "XX", "xx", "ＸＸ", "某某", "○○"] {
        let mut from = 0;
        while let Some(i) = text[from..].find(p).map(|i| i + from) {
            from = i + p.len();
            // ASCII XX only beside Chinese (not in "XXL" or a URL)
            if p.is_ascii() {
                let before = text[..i].chars().next_back();
                let after = text[from..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                if word(before) || word(after) {
                    continue;
                }
            }
            out.push((i, from));
        }
    }
    out.sort_unstable();
    out
}

fn report(ctx: &Ctx<'_>, out: &mut Vec<Finding>, code: &str, severity: Severity, what: &str, places: Vec<Place>) {
    let Some(&(part, start, end)) = places.first() else { return };
    let text = ctx.part_text(part);
    let shown: Vec<String> = places
        .iter()
        .take(3)
        .map(|(p, s, e)| {
            let where_ = p.map_or("开头", |p| PARTS[p as usize].0);
            format!("“{}”（{where_}）", ctx.part_text(*p)[*s..*e].trim())
        })
        .collect();
    let more = if places.len() > 3 { "等" } else { "" };
    out.push(
        Finding::new(code, severity, format!("{what}{}处：{}{more}", places.len(), shown.join("、")))
            .measured(format!("{}处", places.len()))
            .at(part, text, start, end),
    );
}

/// W801–W804.
pub fn wording(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let mut found: [Vec<Place>; 4] = Default::default();
    for (part, text, _) in ctx.texts() {
        for (k, f) in [doubled, unmatched, half_width, placeholders].iter().enumerate() {
            found[k].extend(f(text).into_iter().map(|(s, e)| (*part, s, e)));
        }
    }
    let [d, u, h, p] = found;
    // text read from pictures: its punctuation and doubled characters are the recogniser's
    // readings, not what the report printed
    let read_by_ocr = ctx.report.provenance.ocr_text;
    if !read_by_ocr {
        report(ctx, out, "W801", Severity::Info, "字词重复", d);
        report(ctx, out, "W802", Severity::Info, "书名号、引号或括号不配对的段落", u);
        report(ctx, out, "W803", Severity::Info, "中文句子中用了半角标点", h);
    }
    report(ctx, out, "W804", Severity::Warning, "模板占位符未替换（报告可能未填写完整）", p);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_kind() {
        let t = "坚持公开的的原则，公开公开政务,持续推进。天天学习研究研究。";
        let d: Vec<&str> = doubled(t).into_iter().map(|(s, e)| &t[s..e]).collect();
        assert_eq!(d, vec!["的的", "公开公开"]);
        assert_eq!(half_width(t).len(), 1);
        assert_eq!(unmatched("《条例》规定\n依据《条例规定").len(), 1);
        assert_eq!(placeholders("请与××联系，XX市，XXL号，某某单位").len(), 3);
    }
}
