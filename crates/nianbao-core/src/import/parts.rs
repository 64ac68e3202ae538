//! Finding the six part headings in a published text.

use crate::layout::PARTS;
use crate::text::{cn_numeral, Compact};

/// A heading found in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// Which part (0..6).
    pub part: usize,
    /// Start of the heading (its ordinal) in the document.
    pub start: usize,
    /// End of the heading text.
    pub end: usize,
    /// The ordinal written ("一" … "六"), if any.
    pub ordinal: Option<u8>,
    /// The heading as written.
    pub text: String,
}

/// Tails that complete a heading after its keyword in glued text, longest first.
const TAILS: &[&str] = &[
    "及改进情况",
    "及整改情况",
    "及整改措施",
    "和改进措施",
    "及改进措施",
    "、行政诉讼情况",
    "和行政诉讼情况",
    "、提起行政诉讼情况",
    "的情况",
    "情况",
    "事项",
];

/// Finds the headings of the six parts, in order. A part that is not found after the previous one
/// is looked for anywhere (so that a part out of order is still found).
pub fn find_headings(doc: &str, cmp: &Compact) -> Vec<Option<Heading>> {
    let mut out: Vec<Option<Heading>> = vec![None; PARTS.len()];
    let mut from = 0usize;
    for (i, (_, keywords)) in PARTS.iter().enumerate() {
        if let Some(h) = find_one(doc, cmp, i, keywords, from) {
            from = cmp.offset_of(h.end);
            out[i] = Some(h);
        }
    }
    for (i, (_, keywords)) in PARTS.iter().enumerate() {
        if out[i].is_none() {
            out[i] = find_one(doc, cmp, i, keywords, 0);
        }
    }
    out
}

fn find_one(doc: &str, cmp: &Compact, part: usize, keywords: &[&str], from: usize) -> Option<Heading> {
    let mut best: Option<(usize, Heading)> = None;
    for kw in keywords {
        let mut at = from;
        while let Some(p) = cmp.find_from(kw, at) {
            at = p + kw.len();
            if best.as_ref().is_some_and(|(b, _)| *b <= p) {
                break;
            }
            if let Some(h) = heading_at(doc, cmp, part, p, kw.len()) {
                best = Some((p, h));
                break;
            }
        }
    }
    best.map(|(_, h)| h)
}

/// Accepts a keyword at compact offset `p` as a heading when an ordinal "X、" stands shortly
/// before it with no clause punctuation between, or when it begins a line.
fn heading_at(doc: &str, cmp: &Compact, part: usize, p: usize, kw_len: usize) -> Option<Heading> {
    let before: Vec<(usize, char)> = cmp.text[..p].char_indices().rev().take(16).collect();
    let mut ordinal = None;
    let mut start = None;
    for (k, &(off, c)) in before.iter().enumerate() {
        if matches!(c, '。' | ',' | '，' | ';' | '；' | ':' | '|' | '”' | '"' | '》' | '(' | ')') {
            break;
        }
        if (c == '、' || c == '.') && k + 1 < before.len() {
            let (noff, nc) = before[k + 1];
            if let Some(n) = cn_numeral(nc) {
                // the ordinal must not be glued to a preceding Chinese word ("第三、四季度")
                let src = cmp.source(noff);
                let prev = doc[..src].chars().next_back();
                if prev.is_none_or(|pc| pc != '第' && pc != '、' && cn_numeral(pc).is_none()) {
                    ordinal = Some(n);
                    start = Some(noff);
                }
            }
            break;
        }
        let _ = off;
    }
    let src_kw = cmp.source(p);
    let line_start = doc[..src_kw].rfind('\n').map_or(0, |i| i + 1);
    let at_line_start = doc[line_start..src_kw].trim().is_empty();
    // the ordinal and the keyword stand on one line
    let start = start.filter(|&s| !doc[cmp.source(s)..cmp.source(p)].contains('\n'));
    let mut start_src = match start {
        Some(s) => cmp.source(s),
        None if at_line_start => src_kw,
        None => return None,
    };
    // a Markdown heading marker ("## 一、总体情况") belongs to the heading
    let ls = doc[..start_src].rfind('\n').map_or(0, |i| i + 1);
    let lead = &doc[ls..start_src];
    if !lead.is_empty() && lead.chars().all(|c| c == '#' || c == '*' || c.is_whitespace()) {
        start_src = ls;
    }
    // heading end: the keyword and a known tail; the rest of the line too when it is a short
    // continuation of the heading (no punctuation, no digits)
    let kw_end = p + kw_len;
    let tail = TAILS.iter().find(|t| cmp.text[kw_end..].starts_with(**t)).map_or(0, |t| t.len());
    let mut end = cmp.source_end(kw_end + tail);
    let line_end = doc[end..].find('\n').map_or(doc.len(), |i| end + i);
    let rest = &doc[end..line_end];
    let rest_trim = rest.trim();
    let continuation = !rest.starts_with(char::is_whitespace)
        && rest_trim.chars().count() <= 16
        && !rest_trim.chars().any(|c| c.is_ascii_digit() || "。，；：,;:|（(".contains(c));
    if rest_trim.is_empty() || continuation {
        end = line_end;
    }
    let text = doc[start_src..end].trim().trim_start_matches(['#', '*']).trim().to_string();
    Some(Heading { part, start: start_src, end, ordinal, text })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_glued_headings() {
        let doc = "本报告包括总体情况、主动公开政府信息情况等。一、总体情况2021年我区……二、主动公开政府信息情况 第二十条…… 五、存在的主要问题及改进情况（一）问题 六、其他需要报告的事项 无";
        let cmp = Compact::new(doc, 0, doc.len());
        let h = find_headings(doc, &cmp);
        assert_eq!(h[0].as_ref().unwrap().text, "一、总体情况");
        assert_eq!(h[1].as_ref().unwrap().text, "二、主动公开政府信息情况");
        assert!(h[2].is_none());
        assert_eq!(h[4].as_ref().unwrap().text, "五、存在的主要问题及改进情况");
        assert_eq!(h[5].as_ref().unwrap().ordinal, Some(6));
    }

    #[test]
    fn finds_line_headings() {
        let doc = "前言\n一、总体情况\n正文\n五、存在的主要问题及整改措施\n内容";
        let cmp = Compact::new(doc, 0, doc.len());
        let h = find_headings(doc, &cmp);
        assert_eq!(h[4].as_ref().unwrap().text, "五、存在的主要问题及整改措施");
    }
}
