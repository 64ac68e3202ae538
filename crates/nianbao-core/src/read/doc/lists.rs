//! The automatic list numbers of a Word 97–2003 file ("一、", "（二）" that Word computes rather
//! than stores in the text): the lists ([MS-DOC] 2.9.147 PlfLst, with each list's levels, 2.9.150
//! LVL), the list a paragraph's `ilfo` names (2.9.149 PlfLfo), and the numbering paragraph
//! styles carry (2.9.271 STSH), all read from the table stream. A damaged or missing part only
//! loses the numbers, as in the .docx reader; the counting is the .docx reader's own
//! ([`list_number`](super::super::list_number)).

use super::super::list_number::{next_number, Level, Levels};
use super::{sprms, u16_at, u32_at, Kind};
use std::collections::HashMap;

/// The most lists, list overrides and styles read.
const MAX_ENTRIES: usize = 8192;
/// The most characters of a level's number text (Word allows 9 placeholders and a little text).
const MAX_LEVEL_TEXT: usize = 64;
/// The most styles a style may be based on in turn.
const MAX_BASED_ON: usize = 16;

/// The list numbering of a document, and the counts of its lists as the text is read.
#[derive(Default)]
pub(super) struct Lists {
    /// The levels of each list, by its `lsid`.
    lists: HashMap<i32, Levels>,
    /// Each list override (`ilfo` 1 is the first).
    overrides: Vec<Override>,
    /// The (override, level) pairs whose own start has been applied: the first paragraph of an
    /// override that restarts a level starts it again, the next ones go on counting.
    restarted: std::collections::HashSet<(usize, usize)>,
    /// What each paragraph style (by `istd`) says about numbering.
    styles: Vec<StyleList>,
    /// The counts of each list so far, by its `lsid`.
    counters: HashMap<i32, [u32; 9]>,
}

/// A list override (LFO): its list, and the levels whose numbering it restarts or redefines
/// (its LFOLVLs), as the levels the paragraphs naming it are counted with.
struct Override {
    lsid: i32,
    /// The levels it restarts (fStartAt or a level of its own).
    restarts: Vec<usize>,
    /// The list's levels with its changes, when it has any.
    levels: Option<Levels>,
}

/// A paragraph style's numbering and the style it is based on.
#[derive(Default, Clone, Copy)]
struct StyleList {
    base: Option<u16>,
    ilfo: Option<i16>,
    ilvl: Option<u8>,
}

/// The Office Open XML name of a number format (MSONFC, [MS-OSHARED] 2.2.1.3), as
/// [`format_number`](super::super::list_number::format_number) reads it.
fn format_name(nfc: u8) -> &'static str {
    match nfc {
        0x00 | 0x13 | 0x28 => "decimal",
        0x01 => "upperRoman",
        0x02 => "lowerRoman",
        0x03 => "upperLetter",
        0x04 => "lowerLetter",
        0x0A => "ideographDigital",
        0x0B => "japaneseCounting",
        0x0E => "decimalFullWidth",
        0x12 => "decimalEnclosedCircle",
        0x16 => "decimalZero",
        0x1C => "decimalEnclosedCircleChinese",
        0x25 => "chineseCounting",
        0x27 => "chineseCountingThousand",
        0x17 => "bullet",
        _ => "none",
    }
}

/// `table[at..at + len]`, when the table stream holds it.
fn part(table: &[u8], (at, len): (u32, u32)) -> Option<&[u8]> {
    table.get(at as usize..(at as usize).checked_add(len as usize)?)
}

impl Lists {
    /// Reads the lists, the list overrides and the styles' numbering; what cannot be read is
    /// left out.
    pub(super) fn read(table: &[u8], lst: (u32, u32), lfo: (u32, u32), stsh: (u32, u32), data: &[u8]) -> Lists {
        let mut lists = Lists::default();
        if let Some(plf) = part(table, lst) {
            // the levels follow the PlfLst directly
            let levels_at = (lst.0 as usize).saturating_add(lst.1 as usize);
            lists.read_lists(plf, table.get(levels_at..).unwrap_or(&[]));
        }
        if let Some(plf) = part(table, lfo) {
            lists.read_overrides(plf);
        }
        if let Some(stsh) = part(table, stsh) {
            lists.styles = styles(stsh, data);
        }
        lists
    }

    /// The LFOs of a PlfLfo, then their LFOData: a position, then one LFOLVL per level the LFO
    /// changes (its start, and with fFormatting a whole LVL of its own).
    fn read_overrides(&mut self, plf: &[u8]) {
        let n = (u32_at(plf, 0).unwrap_or(0) as usize).min(MAX_ENTRIES);
        let lfos: Vec<(i32, usize)> = (0..n)
            .map_while(|i| Some((u32_at(plf, 4 + i * 16)? as i32, usize::from(*plf.get(4 + i * 16 + 12)?))))
            .collect();
        let mut at = 4 + lfos.len() * 16;
        for &(lsid, changed) in &lfos {
            let mut o = Override { lsid, restarts: Vec::new(), levels: None };
            // the LFOData's cp; a damaged one ends the reading of changes, not of the overrides
            at = at.saturating_add(4);
            for _ in 0..changed.min(9) {
                let (Some(start), Some(flags)) = (u32_at(plf, at), u32_at(plf, at + 4)) else { break };
                at += 8;
                let ilvl = (flags & 0xF) as usize;
                let (restart, formatting) = (flags & 0x10 != 0, flags & 0x20 != 0);
                let own = if formatting {
                    let Some((level, next)) = level(plf, at) else { break };
                    at = next;
                    Some(level)
                } else {
                    None
                };
                if ilvl >= 9 || !(restart || own.is_some()) {
                    continue;
                }
                let Some(list) = self.lists.get(&lsid) else { continue };
                let levels = o.levels.get_or_insert_with(|| list.clone());
                let Some(mut changed) = own.or_else(|| levels.get(ilvl).cloned()) else { continue };
                if restart {
                    changed.start = start_at(start);
                }
                levels.set(ilvl, changed);
                o.restarts.push(ilvl);
            }
            self.overrides.push(o);
        }
    }

    /// The LSTFs of a PlfLst and, in `levels`, the LVLs of each list in turn (one for a simple
    /// list, nine otherwise).
    fn read_lists(&mut self, plf: &[u8], levels: &[u8]) {
        let n = usize::from(u16_at(plf, 0).unwrap_or(0)).min(MAX_ENTRIES);
        let mut at = 0usize;
        for i in 0..n {
            let Some(lstf) = plf.get(2 + i * 28..2 + (i + 1) * 28) else { return };
            let lsid = u32_at(lstf, 0).unwrap_or(0) as i32;
            let count = if lstf[26] & 1 != 0 { 1 } else { 9 };
            let mut list = Levels::default();
            for k in 0..count {
                let Some((level, next)) = level(levels, at) else { return };
                list.set(k, level);
                at = next;
            }
            self.lists.insert(lsid, list);
        }
    }

    /// The number text of a paragraph of style `istd` with its own `ilfo` and `ilvl` (when it
    /// sets them), counted; None when it is not in a list.
    pub(super) fn number(&mut self, istd: u16, ilfo: Option<i16>, ilvl: Option<u8>) -> Option<String> {
        if self.lists.is_empty() {
            return None;
        }
        let style = self.style(istd);
        let ilfo = ilfo.or(style.ilfo).filter(|&n| n > 0)?;
        let ilvl = usize::from(ilvl.or(style.ilvl).unwrap_or(0));
        let k = usize::try_from(ilfo).ok()?.checked_sub(1)?;
        let o = self.overrides.get(k)?;
        let levels = o.levels.as_ref().or_else(|| self.lists.get(&o.lsid))?;
        let counters = self.counters.entry(o.lsid).or_insert([0; 9]);
        // the first paragraph of an override that restarts its level starts it again
        if o.restarts.contains(&ilvl) && self.restarted.insert((k, ilvl)) {
            counters[ilvl..].fill(0);
        }
        next_number(levels, counters, ilvl)
    }

    /// A style's numbering, through the styles it is based on.
    fn style(&self, istd: u16) -> StyleList {
        let mut out = StyleList::default();
        let mut at = Some(istd);
        for _ in 0..MAX_BASED_ON {
            let Some(s) = at.and_then(|i| self.styles.get(usize::from(i))) else { break };
            out.ilfo = out.ilfo.or(s.ilfo);
            out.ilvl = out.ilvl.or(s.ilvl);
            at = s.base;
        }
        out
    }
}

/// The LVL at `at` of `levels`, and where the next one starts: its LVLF (28 bytes), its
/// paragraph and character properties, and its number text (placeholders 0–8 name the levels).
fn level(levels: &[u8], at: usize) -> Option<(Level, usize)> {
    let lvlf = levels.get(at..at + 28)?;
    let start = u32_at(lvlf, 0)?;
    let nfc = lvlf[4];
    let grpprls = usize::from(lvlf[24]) + usize::from(lvlf[25]);
    let xst = at + 28 + grpprls;
    let cch = usize::from(u16_at(levels, xst)?);
    if cch > MAX_LEVEL_TEXT {
        return None;
    }
    let units: Vec<u16> = (0..cch).map(|k| u16_at(levels, xst + 2 + k * 2)).collect::<Option<_>>()?;
    let mut text = String::new();
    for piece in units.split_inclusive(|&u| u < 9) {
        let (last, rest) = piece.split_last()?;
        if *last < 9 {
            text.push_str(&String::from_utf16_lossy(rest));
            text.push('%');
            text.push(char::from(b'1' + *last as u8));
        } else {
            text.push_str(&String::from_utf16_lossy(piece));
        }
    }
    Some((Level { format: format_name(nfc).to_string(), text, start: start_at(start) }, xst + 2 + cch * 2))
}

/// A level's start as stored (a signed number): one past i32 is damaged, and counts from 1.
fn start_at(stored: u32) -> u32 {
    if stored > i32::MAX as u32 {
        1
    } else {
        stored
    }
}

/// The numbering of each paragraph style of an STSH, by `istd`: the style it is based on, and the
/// `ilfo` and `ilvl` its paragraph properties (its first UPX) set.
fn styles(stsh: &[u8], data: &[u8]) -> Vec<StyleList> {
    let Some(cb_stshi) = u16_at(stsh, 0).map(usize::from) else { return Vec::new() };
    let cstd = usize::from(u16_at(stsh, 2).unwrap_or(0)).min(MAX_ENTRIES);
    let base_size = usize::from(u16_at(stsh, 4).unwrap_or(0));
    let mut at = 2 + cb_stshi;
    let mut out = Vec::with_capacity(cstd);
    for _ in 0..cstd {
        let Some(cb) = u16_at(stsh, at).map(usize::from) else { break };
        let std = stsh.get(at + 2..at + 2 + cb).unwrap_or(&[]);
        at += 2 + cb;
        out.push(style(std, base_size, data).unwrap_or_default());
    }
    out
}

/// One STD: a paragraph style's base and the numbering of its UpxPapx.
fn style(std: &[u8], base_size: usize, data: &[u8]) -> Option<StyleList> {
    let stk_base = u16_at(std, 2)?;
    let base = stk_base >> 4;
    let base = (base != 0x0FFF).then_some(base);
    // only paragraph styles (stk 1) number paragraphs
    if stk_base & 0x000F != 1 {
        return Some(StyleList { base, ..StyleList::default() });
    }
    let cch = usize::from(u16_at(std, base_size)?);
    let mut upx = base_size + 2 + cch * 2 + 2;
    upx += upx % 2;
    let cb_upx = usize::from(u16_at(std, upx)?);
    // UpxPapx: the style's istd, then its paragraph property modifiers
    let grpprl = std.get(upx + 4..upx + 2 + cb_upx)?;
    let props = sprms(grpprl, Kind::Paragraph, data);
    Some(StyleList { base, ilfo: props.ilfo, ilvl: props.ilvl })
}
#[cfg(test)]
mod tests {
    use super::Lists;

    fn u16s(v: &[u16]) -> Vec<u8> {
        v.iter().flat_map(|u| u.to_le_bytes()).collect()
    }

    /// An STD of a paragraph style named `name`, based on `base`, whose paragraph properties are
    /// `grpprl` ([MS-DOC] 2.9.260: StdfBase, xstzName, then the UpxPapx and UpxChpx).
    fn std(base: u16, name: char, grpprl: &[u8]) -> Vec<u8> {
        let mut s = u16s(&[0, 1 | (base << 4), 2, 0, 0]);
        s.extend(u16s(&[1, name as u16, 0]));
        s.extend(u16s(&[(2 + grpprl.len()) as u16, 0]));
        s.extend(grpprl);
        if s.len() % 2 == 1 {
            s.push(0);
        }
        s.extend(u16s(&[0]));
        s
    }

    /// A table stream with a style sheet (Normal; a heading style numbered at level 1 of the
    /// first list override; a style based on it), one list of nine levels ("一、", "（一）"
    /// then decimals) and two list overrides, and the (offset, length) pairs the FIB would give.
    fn table() -> (Vec<u8>, [(u32, u32); 3]) {
        let mut stsh = u16s(&[18, 3, 10]);
        stsh.extend([0u8; 14]);
        let ilfo_ilvl = [0x0B, 0x46, 1, 0, 0x0A, 0x26, 1];
        for st in [std(0x0FFF, 'N', &[]), std(0, 'H', &ilfo_ilvl), std(1, 'S', &[])] {
            stsh.extend(u16s(&[st.len() as u16]));
            stsh.extend(st);
        }
        let mut t = stsh.clone();
        let stsh_at = (0, stsh.len() as u32);
        // PlfLst: one LSTF (lsid 77, nine levels), then the LVLs
        let mut plf = u16s(&[1]);
        plf.extend(77u32.to_le_bytes());
        plf.extend([0u8; 4]);
        plf.extend([0xFF; 18]);
        plf.extend([0, 0]);
        let lst_at = (t.len() as u32, plf.len() as u32);
        t.extend(plf);
        for k in 0..9u16 {
            let mut lvlf = 1u32.to_le_bytes().to_vec();
            lvlf.push(if k < 2 { 0x25 } else { 0x00 });
            lvlf.extend([0u8; 23]);
            t.extend(lvlf);
            let xst: Vec<u16> = match k {
                0 => vec![0, '、' as u16],
                1 => vec!['（' as u16, 1, '）' as u16],
                _ => vec![k],
            };
            t.extend(u16s(&[xst.len() as u16]));
            t.extend(u16s(&xst));
        }
        // PlfLfo: two LFOs of list 77, the second restarting level 1 at 5 (an LFOLVL with
        // fStartAt), then their LFOData
        let mut lfo = 2u32.to_le_bytes().to_vec();
        for changed in [0u8, 1] {
            lfo.extend(77u32.to_le_bytes());
            lfo.extend([0u8; 8]);
            lfo.extend([changed, 0, 0, 0]);
        }
        lfo.extend(0u32.to_le_bytes());
        lfo.extend(0u32.to_le_bytes());
        lfo.extend(5u32.to_le_bytes());
        lfo.extend((1u32 | 0x10).to_le_bytes());
        let lfo_at = (t.len() as u32, lfo.len() as u32);
        t.extend(lfo);
        (t, [lst_at, lfo_at, stsh_at])
    }

    #[test]
    fn paragraphs_are_numbered_by_their_own_list_or_their_styles() {
        let (t, [lst, lfo, stsh]) = table();
        let mut lists = Lists::read(&t, lst, lfo, stsh, &[]);
        // a part heading numbered on its own (Normal style, ilfo 1, level 0)
        assert_eq!(lists.number(0, Some(1), Some(0)).as_deref(), Some("一、"));
        // a heading numbered by its style, then one whose style is based on it
        assert_eq!(lists.number(1, None, None).as_deref(), Some("（一）"));
        assert_eq!(lists.number(2, None, None).as_deref(), Some("（二）"));
        // ilfo 0 on the paragraph switches its style's numbering off; Normal has none
        assert_eq!(lists.number(2, Some(0), None), None);
        assert_eq!(lists.number(0, None, None), None);
        // the next part heading starts its sub-headings again
        assert_eq!(lists.number(0, Some(1), Some(0)).as_deref(), Some("二、"));
        assert_eq!(lists.number(1, None, None).as_deref(), Some("（一）"));
        // the second override restarts level 1 at 5 once, then counts on in the same list
        assert_eq!(lists.number(0, Some(2), Some(1)).as_deref(), Some("（五）"));
        assert_eq!(lists.number(0, Some(2), Some(1)).as_deref(), Some("（六）"));
        assert_eq!(lists.number(1, None, None).as_deref(), Some("（七）"));
        // an override past the list, and a damaged table stream: no number, no panic
        assert_eq!(lists.number(0, Some(9), Some(0)), None);
        for cut in [0, 10, 40, 120, t.len() - 3] {
            let mut damaged = Lists::read(&t[..cut], lst, lfo, stsh, &[]);
            let _ = damaged.number(1, Some(1), Some(8));
        }
    }
}
