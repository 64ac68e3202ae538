//! Word 97–2003 (.doc) and WPS (.wps in the Word binary form WPS writes by default): the
//! compound file's `WordDocument` stream read after [MS-DOC] into the same intermediate text the
//! .docx reader gives: one line a paragraph, a table row as `| a | b |`.
//!
//! - The compound file is opened with the `cfb` crate; the FIB says where the piece table (the
//!   `Clx` in the `0Table` or `1Table` stream) is, and how many characters the main document
//!   has. Headers, footers, footnotes, comments and text boxes follow the main document in the
//!   character positions and are left out.
//! - Each piece is 8-bit (cp1252, "compressed") or UTF-16; fast-saved (complex) files are read
//!   through their piece table like any other.
//! - Paragraph properties (the PAPX pages) tell a table cell's end (0x07 in a table paragraph)
//!   from a row's end (the TTP paragraph) and give the row's cell definitions: a cell that
//!   continues a horizontal or vertical merge is left out, as the .docx reader leaves out a
//!   `vMerge` continuation and keeps a `gridSpan` cell once.
//! - Character properties (the CHPX pages) mark deleted text (tracked changes): left out. Field
//!   codes are dropped and their results kept.
//! - Automatic list numbers ("一、" of a part heading numbered by Word) are written before their
//!   paragraph, from the lists and the styles of the table stream ([`lists`]), counted as the
//!   .docx reader counts them.
//! - Encrypted or obfuscated files, Word 6.0/95 files, other compound files (Excel, PowerPoint,
//!   Works, encrypted Office packages) and damaged ones are refused with their own reason.
//!
//! Every read is bounded: a stream larger than [`MAX_STREAM`] is refused before it is read, every
//! offset is checked against its stream, and the text is at most [`MAX_TEXT`] characters.
//!
//! [MS-DOC]: https://learn.microsoft.com/en-us/openspecs/office_file_formats/ms-doc/

mod lists;

use crate::import::ImportError;
use std::io::{Cursor, Read};

/// The largest stream read (`WordDocument`, the table stream, `Data`): ten times a 300-page
/// report with pictures.
pub const MAX_STREAM: u64 = 128 << 20;
/// The most characters of main-document text read.
pub const MAX_TEXT: u32 = 10_000_000;
/// The most pieces in a piece table, and the most property pages (FKPs) read.
const MAX_PIECES: usize = 1_000_000;

/// The text of a Word 97–2003 or WPS file, as the importer reads it.
pub fn doc_to_text(bytes: &[u8]) -> Result<String, ImportError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|_| damaged("无法按 Office 复合文档打开，文件可能不完整或已被截断"))?;
    if !file.is_stream("/WordDocument") {
        return Err(ImportError::Unsupported(other_compound(&file).to_string()));
    }
    let word = stream(&mut file, "/WordDocument")?.ok_or_else(|| damaged("缺少 WordDocument 数据流"))?;
    let fib = Fib::parse(&word)?;
    let table_name = if fib.table1 { "/1Table" } else { "/0Table" };
    let table = stream(&mut file, table_name)?.ok_or_else(|| damaged("缺少表数据流（0Table/1Table）"))?;
    let data = stream(&mut file, "/Data")?.unwrap_or_default();
    let pieces = pieces(&table, &fib)?;
    let papx = runs(&word, &table, fib.plcf_bte_papx, Kind::Paragraph, &data)?;
    let chpx = runs(&word, &table, fib.plcf_bte_chpx, Kind::Character, &data)?;
    let chars = main_text(&word, &pieces, fib.ccp_text)?;
    let lists = lists::Lists::read(&table, fib.plf_lst, fib.plf_lfo, fib.stsh, &data);
    Ok(Writer { lists, ..Writer::default() }.write(&chars, &papx, &chpx))
}

fn damaged(why: &str) -> ImportError {
    ImportError::Unsupported(format!("Word 97-2003 文件已损坏：{why}"))
}

/// The reason for a compound file that holds no Word document.
fn other_compound<F: Read + std::io::Seek>(file: &cfb::CompoundFile<F>) -> &'static str {
    let has = |name: &str| file.read_root_storage().any(|e| e.name().eq_ignore_ascii_case(name));
    if has("EncryptedPackage") {
        "文件已加密（设置了打开密码），无法读取；请取消密码后另存为 .docx 或 PDF 再导入"
    } else if has("Workbook") || has("Book") {
        "这是 Excel 97-2003（.xls）文件，不是年度报告正文；请导入报告的 Word、PDF 或网页"
    } else if has("PowerPoint Document") {
        "这是 PowerPoint 97-2003（.ppt）文件，不是年度报告正文；请导入报告的 Word、PDF 或网页"
    } else if has("CONTENTS") || has("MatOST") {
        "这是 Microsoft Works 文字处理文件（.wps），不是 WPS 文字文件，无法读取；请用 Works 或 Word 另存为 .docx 后再导入"
    } else {
        "这是不含 Word 文档的 Office 复合文件，不是年度报告正文；请导入报告的 Word、PDF 或网页"
    }
}

/// A whole stream, or None when the file has no such stream; one over [`MAX_STREAM`] is refused
/// before it is read.
fn stream<F: Read + std::io::Seek>(
    file: &mut cfb::CompoundFile<F>,
    path: &str,
) -> Result<Option<Vec<u8>>, ImportError> {
    if !file.is_stream(path) {
        return Ok(None);
    }
    let len = file.entry(path).map_err(|_| damaged("目录项无法读取"))?.len();
    if len > MAX_STREAM {
        return Err(ImportError::Refused(format!(
            "Word 97-2003 文件结构异常：数据流 {} 有 {} MB，超出读取限度 {} MB",
            path.trim_start_matches('/'),
            len >> 20,
            MAX_STREAM >> 20
        )));
    }
    let mut s = file.open_stream(path).map_err(|_| damaged("数据流无法打开"))?;
    let mut out = Vec::with_capacity(len as usize);
    s.read_to_end(&mut out).map_err(|_| damaged("数据流读取中断，文件可能被截断"))?;
    Ok(Some(out))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// What the File Information Block says.
struct Fib {
    /// The piece table and the paragraph and character property tables are in `1Table`.
    table1: bool,
    /// Characters of the main document.
    ccp_text: u32,
    /// (offset, length) in the table stream of the piece table (`Clx`).
    clx: (u32, u32),
    /// (offset, length) of the PlcBteChpx.
    plcf_bte_chpx: (u32, u32),
    /// (offset, length) of the PlcBtePapx.
    plcf_bte_papx: (u32, u32),
    /// (offset, length) of the style sheet (STSH), the lists (PlfLst) and the list overrides
    /// (PlfLfo); (0, 0) when the FIB has none.
    stsh: (u32, u32),
    plf_lst: (u32, u32),
    plf_lfo: (u32, u32),
}

impl Fib {
    fn parse(word: &[u8]) -> Result<Fib, ImportError> {
        let short = || damaged("文件信息块（FIB）不完整");
        if u16_at(word, 0) != Some(0xA5EC) {
            return Err(damaged("WordDocument 数据流不是 Word 文档（标识不符）"));
        }
        let n_fib = u16_at(word, 2).ok_or_else(short)?;
        let flags = u16_at(word, 0x0A).ok_or_else(short)?;
        if flags & 0x0100 != 0 || flags & 0x8000 != 0 {
            return Err(ImportError::Unsupported(
                "文件已加密（设置了打开密码），无法读取；请取消密码后另存为 .docx 或 PDF 再导入".to_string(),
            ));
        }
        if n_fib < 0x00C0 {
            return Err(ImportError::Unsupported(
                "这是 Word 6.0/95 格式的旧文件，无法读取；请用 Word/WPS 另存为 .docx 或 PDF 后再导入".to_string(),
            ));
        }
        // FibBase (32 bytes), csw and FibRgW97, cslw and FibRgLw97, cbRgFcLcb and the pairs
        let csw = usize::from(u16_at(word, 32).ok_or_else(short)?);
        let lw = 34 + csw * 2;
        let cslw = usize::from(u16_at(word, lw).ok_or_else(short)?);
        let ccp_text = u32_at(word, lw + 2 + 3 * 4).ok_or_else(short)?;
        let fc = lw + 2 + cslw * 4;
        let cb_rg = usize::from(u16_at(word, fc).ok_or_else(short)?);
        let pair = |i: usize| -> Result<(u32, u32), ImportError> {
            if i >= cb_rg {
                return Err(short());
            }
            let at = fc + 2 + i * 8;
            Ok((u32_at(word, at).ok_or_else(short)?, u32_at(word, at + 4).ok_or_else(short)?))
        };
        Ok(Fib {
            table1: flags & 0x0200 != 0,
            ccp_text: ccp_text.min(MAX_TEXT),
            clx: pair(33)?,
            plcf_bte_chpx: pair(12)?,
            plcf_bte_papx: pair(13)?,
            stsh: pair(1).unwrap_or_default(),
            plf_lst: pair(73).unwrap_or_default(),
            plf_lfo: pair(74).unwrap_or_default(),
        })
    }
}

/// A piece of the text: character positions `[cp, cp_end)` stored from byte `fc`.
#[derive(Debug, Clone, Copy)]
struct Piece {
    cp: u32,
    cp_end: u32,
    fc: u32,
    /// 8-bit characters (cp1252) rather than UTF-16.
    compressed: bool,
}

/// The piece table: the `Pcdt` in the `Clx`, after any property modifiers (`Prc`).
fn pieces(table: &[u8], fib: &Fib) -> Result<Vec<Piece>, ImportError> {
    let bad = || damaged("分段表（piece table）不完整");
    let (at, len) = (fib.clx.0 as usize, fib.clx.1 as usize);
    let clx = table.get(at..at.checked_add(len).ok_or_else(bad)?).ok_or_else(bad)?;
    let mut i = 0;
    while clx.get(i) == Some(&0x01) {
        let cb = usize::from(u16_at(clx, i + 1).ok_or_else(bad)?);
        i += 3 + cb;
    }
    if clx.get(i) != Some(&0x02) {
        return Err(bad());
    }
    let lcb = u32_at(clx, i + 1).ok_or_else(bad)? as usize;
    let plc = clx.get(i + 5..(i + 5).checked_add(lcb).ok_or_else(bad)?).ok_or_else(bad)?;
    if lcb < 4 || (lcb - 4) % 12 != 0 {
        return Err(bad());
    }
    let n = (lcb - 4) / 12;
    if n > MAX_PIECES {
        return Err(ImportError::Refused(format!("Word 97-2003 文件结构异常：分段超过 {MAX_PIECES} 个，超出读取限度")));
    }
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let cp = u32_at(plc, k * 4).ok_or_else(bad)?;
        let cp_end = u32_at(plc, (k + 1) * 4).ok_or_else(bad)?;
        let fc_raw = u32_at(plc, (n + 1) * 4 + k * 8 + 2).ok_or_else(bad)?;
        let compressed = fc_raw & 0x4000_0000 != 0;
        let fc = fc_raw & 0x3FFF_FFFF;
        let fc = if compressed { fc / 2 } else { fc };
        if cp_end > cp {
            out.push(Piece { cp, cp_end, fc, compressed });
        }
    }
    Ok(out)
}

/// One character of the main document and the byte of the `WordDocument` stream it is stored at
/// (which its paragraph and character properties are looked up by).
#[derive(Debug, Clone, Copy)]
struct Char {
    c: char,
    fc: u32,
}

/// The characters `[0, ccp_text)` in order of position.
fn main_text(word: &[u8], pieces: &[Piece], ccp_text: u32) -> Result<Vec<Char>, ImportError> {
    let mut sorted: Vec<Piece> = pieces.to_vec();
    sorted.sort_by_key(|p| p.cp);
    let mut out = Vec::with_capacity(ccp_text.min(1 << 20) as usize);
    let mut units: Vec<(u16, u32)> = Vec::new();
    for p in sorted {
        if p.cp >= ccp_text {
            break;
        }
        let n = p.cp_end.min(ccp_text) - p.cp;
        if p.compressed {
            flush_utf16(&mut units, &mut out);
            let (start, end) = (p.fc as usize, p.fc as usize + n as usize);
            let bytes = word.get(start..end).ok_or_else(|| damaged("文字所在位置超出数据流"))?;
            for (k, &b) in bytes.iter().enumerate() {
                out.push(Char { c: cp1252(b), fc: p.fc + k as u32 });
            }
        } else {
            let (start, end) = (p.fc as usize, p.fc as usize + 2 * n as usize);
            let bytes = word.get(start..end).ok_or_else(|| damaged("文字所在位置超出数据流"))?;
            for (k, pair) in bytes.chunks_exact(2).enumerate() {
                units.push((u16::from_le_bytes([pair[0], pair[1]]), p.fc + 2 * k as u32));
            }
        }
    }
    flush_utf16(&mut units, &mut out);
    Ok(out)
}

/// Decodes UTF-16 code units (surrogate pairs joined; a lone surrogate is U+FFFD).
fn flush_utf16(units: &mut Vec<(u16, u32)>, out: &mut Vec<Char>) {
    let mut fcs = units.iter().map(|u| u.1);
    for c in char::decode_utf16(units.iter().map(|u| u.0)) {
        let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
        let fc = fcs.next().unwrap_or(0);
        if c.len_utf16() == 2 {
            fcs.next();
        }
        out.push(Char { c, fc });
    }
    units.clear();
}

/// A byte of an 8-bit piece: cp1252 ([MS-DOC] 2.4.1).
fn cp1252(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => char::from_u32(u32::from(HIGH[usize::from(b - 0x80)])).unwrap_or('\u{FFFD}'),
        _ => char::from(b),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Paragraph,
    Character,
}

/// What a run of bytes' properties say, as far as the text is concerned.
#[derive(Debug, Clone, Default)]
struct Props {
    /// A paragraph in a table (sprmPFInTable).
    in_table: bool,
    /// The paragraph ending a table row (sprmPFTtp).
    ttp: bool,
    /// Nesting depth of the table (sprmPItap); 1 for an ordinary table.
    itap: u32,
    /// An inner table's cell end and row end (sprmPFInnerTableCell, sprmPFInnerTtp).
    inner_cell: bool,
    inner_ttp: bool,
    /// The row's cells (sprmTDefTable on a TTP paragraph): whether each continues a merge.
    merged: Vec<bool>,
    /// Deleted text (sprmCFRMarkDel).
    deleted: bool,
    /// The paragraph's style (the istd of its PAPX).
    istd: u16,
    /// The paragraph's list override (sprmPIlfo; 1 is the first, 0 none) and list level
    /// (sprmPIlvl), when it sets them rather than its style.
    ilfo: Option<i16>,
    ilvl: Option<u8>,
}

/// A run of bytes `[fc, fc_end)` of the `WordDocument` stream with its properties.
#[derive(Debug, Clone)]
struct Run {
    fc: u32,
    fc_end: u32,
    props: Props,
}

/// The runs of a PlcBtePapx or PlcBteChpx: each entry names a 512-byte page (FKP) of the
/// `WordDocument` stream, which lists runs and their property modifiers.
fn runs(word: &[u8], table: &[u8], (at, len): (u32, u32), kind: Kind, data: &[u8]) -> Result<Vec<Run>, ImportError> {
    let bad = || damaged("段落或字符格式表不完整");
    let (at, len) = (at as usize, len as usize);
    if len == 0 {
        return Ok(Vec::new());
    }
    let plc = table.get(at..at.checked_add(len).ok_or_else(bad)?).ok_or_else(bad)?;
    if len < 4 || (len - 4) % 8 != 0 {
        return Err(bad());
    }
    let n = (len - 4) / 8;
    if n > MAX_PIECES {
        return Err(ImportError::Refused(format!(
            "Word 97-2003 文件结构异常：格式页超过 {MAX_PIECES} 个，超出读取限度"
        )));
    }
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for k in 0..n {
        let pn = u32_at(plc, (n + 1) * 4 + k * 4).ok_or_else(bad)? & 0x003F_FFFF;
        if !seen.insert(pn) {
            continue;
        }
        let start = pn as usize * 512;
        let Some(page) = word.get(start..start + 512) else { continue };
        let count = usize::from(page[511]);
        for i in 0..count {
            let (Some(fc), Some(fc_end)) = (u32_at(page, i * 4), u32_at(page, (i + 1) * 4)) else { break };
            let props = match kind {
                Kind::Character => {
                    let off = page.get((count + 1) * 4 + i).map_or(0, |b| usize::from(*b) * 2);
                    let grpprl = if off == 0 {
                        &[][..]
                    } else {
                        let cb = usize::from(page.get(off).copied().unwrap_or(0));
                        page.get(off + 1..(off + 1 + cb).min(511)).unwrap_or(&[])
                    };
                    sprms(grpprl, Kind::Character, data)
                }
                Kind::Paragraph => {
                    let off = page.get((count + 1) * 4 + i * 13).map_or(0, |b| usize::from(*b) * 2);
                    if off == 0 {
                        Props::default()
                    } else {
                        let cb = usize::from(page.get(off).copied().unwrap_or(0));
                        let (from, size) = if cb == 0 {
                            (off + 2, usize::from(page.get(off + 1).copied().unwrap_or(0)) * 2)
                        } else {
                            (off + 1, cb * 2 - 1)
                        };
                        // the first two bytes are the paragraph's style (istd)
                        let grpprl = page.get(from + 2..(from + size).min(511)).unwrap_or(&[]);
                        let istd = u16_at(page, from).unwrap_or(0);
                        Props { istd, ..sprms(grpprl, Kind::Paragraph, data) }
                    }
                }
            };
            if fc_end > fc {
                out.push(Run { fc, fc_end, props });
            }
        }
    }
    out.sort_by_key(|r| r.fc);
    Ok(out)
}

/// Reads the property modifiers that matter here from a `grpprl`; `data` holds the paragraph
/// properties too large for a page (sprmPHugePapx).
fn sprms(grpprl: &[u8], kind: Kind, data: &[u8]) -> Props {
    let mut p = Props { itap: 0, ..Props::default() };
    read_sprms(grpprl, kind, data, &mut p, 0);
    if p.in_table && p.itap == 0 {
        p.itap = 1;
    }
    p
}

fn read_sprms(grpprl: &[u8], kind: Kind, data: &[u8], p: &mut Props, depth: u8) {
    let mut i = 0;
    while let Some(sprm) = u16_at(grpprl, i) {
        i += 2;
        let operand_len = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => {
                // variable: sprmTDefTable and sprmPChgTabs have their own length forms
                if sprm == 0xD608 {
                    usize::from(u16_at(grpprl, i).unwrap_or(0)) + 1
                } else if sprm == 0xC615 {
                    let cb = usize::from(grpprl.get(i).copied().unwrap_or(0));
                    if cb == 255 {
                        break;
                    }
                    cb + 1
                } else {
                    usize::from(grpprl.get(i).copied().unwrap_or(0)) + 1
                }
            }
        };
        let Some(operand) = grpprl.get(i..i + operand_len) else { break };
        i += operand_len;
        let flag = operand.first().is_some_and(|b| *b != 0);
        match (kind, sprm) {
            (Kind::Character, 0x0800) => p.deleted = flag,
            (Kind::Paragraph, 0x2416) => p.in_table = flag,
            (Kind::Paragraph, 0x2417) => p.ttp = flag,
            (Kind::Paragraph, 0x244A) => p.inner_cell = flag,
            (Kind::Paragraph, 0x244B) => p.inner_ttp = flag,
            (Kind::Paragraph, 0x6649) => p.itap = u32_at(operand, 0).unwrap_or(0),
            (Kind::Paragraph, 0x460B) => p.ilfo = u16_at(operand, 0).map(|v| v as i16),
            (Kind::Paragraph, 0x260A) => p.ilvl = operand.first().copied(),
            (Kind::Paragraph, 0xD608) => p.merged = def_table(operand.get(2..).unwrap_or(&[])),
            (Kind::Paragraph, 0x6645 | 0x6646) if depth == 0 => {
                // sprmPHugePapx: the paragraph's properties are in the Data stream
                if let Some(at) = u32_at(operand, 0) {
                    let at = at as usize;
                    if let Some(cb) = u16_at(data, at) {
                        if let Some(huge) = data.get(at + 2..at + 2 + usize::from(cb)) {
                            read_sprms(huge, kind, data, p, depth + 1);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// From a TDefTableOperand (after its length): for each cell, whether it continues a horizontal
/// merge (horzMerge 2 or 3) or a vertical one (vertMerge 1).
fn def_table(op: &[u8]) -> Vec<bool> {
    let Some(&n) = op.first() else { return Vec::new() };
    let n = usize::from(n);
    let tcs = 1 + (n + 1) * 2;
    (0..n)
        .map(|k| {
            let grf = u16_at(op, tcs + k * 20).unwrap_or(0);
            let horz = grf & 0x3;
            let vert = (grf >> 5) & 0x3;
            horz >= 2 || vert == 1
        })
        .collect()
}

/// The properties of the run holding byte `fc`.
fn props_at(runs: &[Run], fc: u32) -> Option<&Props> {
    let k = runs.partition_point(|r| r.fc <= fc);
    let r = runs.get(k.checked_sub(1)?)?;
    (fc < r.fc_end).then_some(&r.props)
}

/// Builds the intermediate text from the characters and their properties.
#[derive(Default)]
struct Writer {
    out: String,
    /// The paragraph being read.
    para: String,
    /// The cell being read: its paragraphs so far.
    cell: Vec<String>,
    /// The row being read: its cells so far.
    row: Vec<String>,
    /// The document's list numbering, counted as paragraphs end.
    lists: lists::Lists,
}

impl Writer {
    fn write(mut self, chars: &[Char], papx: &[Run], chpx: &[Run]) -> String {
        // fields: the code (from 0x13 to 0x14) is left out, the result (to 0x15) kept; `fields`
        // says of each open field whether its code is being read, `in_code` counts those
        let mut fields: Vec<bool> = Vec::new();
        let mut in_code = 0usize;
        let none = Props::default();
        for ch in chars {
            let c = ch.c;
            if props_at(chpx, ch.fc).is_some_and(|p| p.deleted) {
                continue;
            }
            match c {
                '\u{13}' => {
                    fields.push(true);
                    in_code += 1;
                    continue;
                }
                '\u{14}' => {
                    if let Some(code) = fields.last_mut() {
                        if *code {
                            *code = false;
                            in_code -= 1;
                        }
                    }
                    continue;
                }
                '\u{15}' => {
                    if fields.pop() == Some(true) {
                        in_code -= 1;
                    }
                    continue;
                }
                _ => {}
            }
            if in_code > 0 {
                continue;
            }
            match c {
                '\r' | '\u{0C}' => {
                    let p = props_at(papx, ch.fc).unwrap_or(&none);
                    if p.itap > 1 && p.inner_ttp {
                        self.para.clear();
                        continue;
                    }
                    self.number(p);
                    if p.in_table || p.itap > 0 {
                        // a paragraph inside a cell (or an inner table's cell end)
                        self.end_paragraph_in_cell();
                    } else {
                        self.end_paragraph();
                    }
                }
                '\u{07}' => {
                    let p = props_at(papx, ch.fc).unwrap_or(&none);
                    if p.ttp {
                        self.para.clear();
                        self.end_row(&p.merged);
                    } else {
                        self.number(p);
                        self.end_paragraph_in_cell();
                        self.end_cell();
                    }
                }
                '\u{0B}' => self.para.push('\n'),
                '\t' => self.para.push(' '),
                '\u{1E}' => self.para.push('-'),
                '\u{A0}' => self.para.push(' '),
                c if (c as u32) < 0x20 => {}
                c => self.para.push(c),
            }
        }
        if !self.row.is_empty() || !self.cell.is_empty() {
            self.end_paragraph_in_cell();
            if !self.cell.is_empty() {
                self.end_cell();
            }
            self.end_row(&[]);
        }
        self.end_paragraph();
        self.out
    }

    /// Puts the list number of the paragraph ending now (with properties `p`) before its text.
    fn number(&mut self, p: &Props) {
        if let Some(number) = self.lists.number(p.istd, p.ilfo, p.ilvl) {
            self.para.insert_str(0, &number);
        }
    }

    fn end_paragraph(&mut self) {
        let text = std::mem::take(&mut self.para);
        let text = text.trim_end();
        if !text.trim().is_empty() {
            if !self.out.is_empty() && !self.out.ends_with('\n') {
                self.out.push('\n');
            }
            self.out.push_str(text);
            self.out.push('\n');
        }
    }

    fn end_paragraph_in_cell(&mut self) {
        let text = std::mem::take(&mut self.para);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            self.cell.push(text);
        }
    }

    fn end_cell(&mut self) {
        let text = std::mem::take(&mut self.cell).join(" ").replace('|', "｜");
        self.row.push(text);
    }

    /// Writes the row, leaving out the cells that continue a merge (`merged`, when the row's
    /// cell definitions count as many cells as the row has).
    fn end_row(&mut self, merged: &[bool]) {
        let cells = std::mem::take(&mut self.row);
        let keep: Vec<String> = if merged.len() == cells.len() {
            cells.into_iter().zip(merged).filter(|(_, m)| !**m).map(|(c, _)| c).collect()
        } else {
            cells
        };
        if keep.is_empty() {
            return;
        }
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out.push_str("| ");
        self.out.push_str(&keep.join(" | "));
        self.out.push_str(" |\n");
    }
}
