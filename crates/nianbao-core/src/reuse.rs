//! Sentence reuse between two reports: how much of parts 一 (总体情况) and 五 (存在的主要问题及改进
//! 情况) of one report repeats sentences of another (last year's report of the same unit, or
//! another unit's report of the same year).
//!
//! Sentences are cut at every full stop, semicolon, comma and colon (so a sentence with one
//! clause added still shares its other clauses) and compared after folding, without white space, punctuation and digits, so that
//! a sentence that only changed its year or its numbers counts as repeated. The share is
//! weighted by length: the characters of repeated sentences over all characters of the two parts.

use crate::model::Report;
use crate::text::{fold_char, is_invisible};
use std::collections::HashMap;

/// The share of repeated text from which D507 warns (宿迁's indicator: 与上年度重复率大于50%).
pub const REPEAT_WARN: f64 = 0.5;

/// The parts compared (0-based): 一 and 五.
pub const PARTS_COMPARED: [usize; 2] = [0, 4];

/// Sentences shorter than this (in characters, after normalisation) are not compared: "一是"
/// or "无" repeat in every report.
const MIN_SENTENCE: usize = 6;

/// The sentences of a report's parts 一 and 五, ready for comparison.
#[derive(Debug, Clone, Default)]
pub struct Sentences {
    /// (hash of the normalised sentence, its length in characters), in text order.
    items: Vec<(u64, usize)>,
    /// The hashes, sorted and without repeats (looked up by binary search: the batch compares
    /// every report with every other of its year).
    set: Vec<u64>,
    /// Characters of all compared sentences.
    total: usize,
}

/// How much of one report repeats another.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reuse {
    /// Share of the characters of parts 一 and 五 in repeated sentences, 0.0..=1.0.
    pub share: f64,
    /// Sentences repeated.
    pub repeated: usize,
    /// Sentences compared.
    pub sentences: usize,
}

impl Sentences {
    /// The sentences of parts 一 and 五 of a report.
    pub fn of(report: &Report) -> Sentences {
        let mut out = Sentences::default();
        // one pass per part: folded a character at a time, cut at the clause ends; each clause
        // is hashed as it is read, over its letters only
        let (mut hash, mut len) = (CLAUSE_SEED, 0usize);
        let mut end_clause = |hash: &mut u64, len: &mut usize| {
            if *len >= MIN_SENTENCE {
                out.items.push((*hash, *len));
                out.set.push(*hash);
                out.total += *len;
            }
            (*hash, *len) = (CLAUSE_SEED, 0);
        };
        for i in PARTS_COMPARED {
            for c in report.narrative.part_text(i).chars() {
                if is_invisible(c) {
                    continue;
                }
                let c = fold_char(c);
                if matches!(c, '。' | '！' | '？' | '；' | '，' | '：' | '!' | '?' | ';' | ',' | ':' | '\n' | '\r')
                {
                    end_clause(&mut hash, &mut len);
                } else if is_word_char(c) {
                    hash = (hash.rotate_left(5) ^ u64::from(c)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
                    len += 1;
                }
            }
            end_clause(&mut hash, &mut len);
        }
        out.set.sort_unstable();
        out.set.dedup();
        out
    }

    /// Characters of the compared sentences.
    pub fn len(&self) -> usize {
        self.total
    }

    /// Whether there is nothing to compare.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// How much of `self` repeats sentences of `other`; None when `self` has nothing to compare.
    pub fn reuse_of(&self, other: &Sentences) -> Option<Reuse> {
        if self.total == 0 {
            return None;
        }
        let (mut chars, mut repeated) = (0, 0);
        for (h, len) in &self.items {
            if other.set.binary_search(h).is_ok() {
                chars += len;
                repeated += 1;
            }
        }
        Some(Reuse { share: chars as f64 / self.total as f64, repeated, sentences: self.items.len() })
    }
}

/// The hash of an empty clause (each letter is mixed in by rotate, xor, multiply: 64 bits, so
/// two different clauses of a batch practically never share a hash).
const CLAUSE_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// Letters and digits other than ASCII digits (what a sentence is compared on); CJK ideographs
/// without the Unicode table lookup.
fn is_word_char(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_alphanumeric() && !c.is_ascii_digit()
}

/// Which reports hold which sentences: for the batch's comparison of every report with every
/// other of its year without comparing each pair (a province's 10⁴ reports a year would be 10⁸
/// pairs). Gives the same shares as [`Sentences::reuse_of`].
#[derive(Debug, Default)]
pub struct ReuseIndex {
    /// (group, sentence hash) → the reports of the group whose sentences hold it, in order.
    postings: HashMap<(u16, u64), Vec<u32>>,
}

impl ReuseIndex {
    /// Indexes the sentences of reports `0..n`, each in its group (the year; None: not indexed).
    pub fn new(groups: &[Option<u16>], sentences: &[Sentences]) -> ReuseIndex {
        let mut postings: HashMap<(u16, u64), Vec<u32>> = HashMap::new();
        for (j, (group, s)) in groups.iter().zip(sentences).enumerate() {
            let Some(g) = group else { continue };
            for &h in &s.set {
                postings.entry((*g, h)).or_default().push(j as u32);
            }
        }
        ReuseIndex { postings }
    }

    /// Of the reports of `group` other than `i` and not `passed_over`, the one whose sentences
    /// report `i` repeats most ([`Sentences::reuse_of`]: the share of its
    /// characters), the first in report order among equals; None when it shares none.
    pub fn most_shared(
        &self,
        i: usize,
        group: u16,
        passed_over: impl Fn(usize) -> bool,
        sentences: &[Sentences],
    ) -> Option<(usize, f64)> {
        let mine = &sentences[i];
        if mine.total == 0 {
            return None;
        }
        // characters repeated per other report, in a scratch array kept by the thread (only the
        // entries touched are read and reset)
        SCRATCH.with(|cell| {
            let mut scratch = cell.borrow_mut();
            let (chars, touched) = &mut *scratch;
            for (h, len) in &mine.items {
                for &j in self.postings.get(&(group, *h)).map_or(&[][..], Vec::as_slice) {
                    let j = j as usize;
                    if j == i || passed_over(j) {
                        continue;
                    }
                    if j >= chars.len() {
                        chars.resize(j + 1, 0);
                    }
                    if chars[j] == 0 {
                        touched.push(j);
                    }
                    chars[j] += len;
                }
            }
            let mut best: Option<(usize, f64)> = None;
            for &j in touched.iter() {
                let share = chars[j] as f64 / mine.total as f64;
                if best.is_none_or(|(b, s)| share > s || share == s && j < b) {
                    best = Some((j, share));
                }
                chars[j] = 0;
            }
            touched.clear();
            best
        })
    }
}

thread_local! {
    /// [`ReuseIndex::shared_with`]'s scratch: characters per report, and the reports touched.
    static SCRATCH: std::cell::RefCell<(Vec<usize>, Vec<usize>)> = const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Edition;

    fn report(one: &str, five: &str) -> Report {
        let mut r = Report::new(Edition::E2021);
        r.narrative.parts[0].text = one.to_string();
        r.narrative.parts[4].text = five.to_string();
        r
    }

    #[test]
    fn repeated_sentences_count_by_length_and_ignore_years() {
        let a = report("2023年，本局认真贯彻落实条例要求。全年主动公开信息120条。", "一是公开意识有待加强。");
        let b = report("2022年，本局认真贯彻落实条例要求。全年主动公开信息80条。", "一是公开意识有待加强。");
        let r = Sentences::of(&a).reuse_of(&Sentences::of(&b)).unwrap();
        assert_eq!((r.repeated, r.sentences), (3, 3), "numbers and years do not make a sentence new");
        assert!((r.share - 1.0).abs() < 1e-9);
        let c = report("本年度新设政务公开专区，群众办事更加便捷。", "无");
        let r = Sentences::of(&c).reuse_of(&Sentences::of(&b)).unwrap();
        assert_eq!(r.repeated, 0);
        assert_eq!(Sentences::of(&report("", "无")).reuse_of(&Sentences::of(&b)), None);
    }
}
