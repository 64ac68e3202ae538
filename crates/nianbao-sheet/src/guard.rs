//! What a workbook asks its reader to make, read before calamine opens it. calamine sizes its
//! memory by what a file declares: the shared strings an .xlsx announces, the grid between the
//! farthest cells of an .xls sheet (and the size its DIMENSIONS record claims), the rows and
//! columns an .ods repeats. A file of a few hundred bytes can ask for billions of cells, and an
//! allocation that large aborts the program (a whole batch of a supervisor's files with it).
//! [`check`] counts what the file asks for, without making it, and refuses it with its reason
//! when it is over [`MAX_CELLS`](crate::MAX_CELLS).

use crate::MAX_CELLS;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor, Read};

/// The most bytes of one package part (or the .xls workbook stream) looked through.
const MAX_PART_BYTES: u64 = 512 * 1024 * 1024;

/// The most rows of a sheet, as calamine caps an .ods sheet's repeated rows.
const MAX_ROWS: u64 = 1_048_576;

/// The most columns of a row, as calamine caps an .ods row's repeated cells.
const MAX_COLUMNS: u64 = 16_384;

/// Refuses a workbook that would make more than [`MAX_CELLS`] cells, in Chinese. A zip file
/// that is not a readable package passes: calamine then says what is wrong with it. A compound
/// file is refused unless it opens and holds an Excel workbook stream.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    if bytes.starts_with(b"PK\x03\x04") {
        package(bytes)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        compound(bytes)
    } else {
        Ok(())
    }
}

fn too_many(what: &str, n: u64) -> String {
    format!("表格文件{what}（{n}个），超过{MAX_CELLS}个单元格的读取上限，未读取（文件可能已损坏或被构造）")
}

/// An .xlsx, .xlsb or .ods package: its shared strings and its .ods grid.
fn package(bytes: &[u8]) -> Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    for name in names {
        let lower = name.to_ascii_lowercase();
        let shared = lower.ends_with("sharedstrings.xml");
        if !shared && lower != "content.xml" {
            continue;
        }
        let Ok(part) = zip.by_name(&name) else { continue };
        let mut xml = quick_xml::Reader::from_reader(BufReader::new(part.take(MAX_PART_BYTES)));
        if shared {
            let declared = shared_strings(&mut xml);
            if declared > MAX_CELLS as u64 {
                return Err(too_many("的共享字符串表声明的字符串过多", declared));
            }
        } else {
            let cells = ods_cells(&mut xml);
            if cells > MAX_CELLS as u64 {
                return Err(too_many("的工作表重复的行列展开后单元格过多", cells));
            }
        }
    }
    Ok(())
}

/// A number attribute as calamine reads it; `None` when there is none or it is not a number.
fn number(e: &BytesStart<'_>, name: &[u8]) -> Option<u64> {
    let value = e.try_get_attribute(name).ok()??;
    let text = std::str::from_utf8(&value.value).ok()?.trim();
    let digits = text.strip_prefix('+').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // digits beyond u64 ask for more than any budget
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// The strings an .xlsx shared string table declares (its `uniqueCount`, which calamine
/// reserves room for at once).
fn shared_strings<R: std::io::BufRead>(xml: &mut quick_xml::Reader<R>) -> u64 {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == b"sst" => {
                return number(&e, b"uniqueCount").unwrap_or(0);
            }
            Ok(Event::Eof) | Err(_) => return 0,
            Ok(_) => {}
        }
    }
}

/// One .ods table as its rows are read: what calamine makes of it, counted as it goes (every
/// row element's cells as read, then the grid from the first to the last filled row, as wide as
/// the widest).
#[derive(Default)]
struct OdsTable {
    /// The cells of every row element, as read.
    read: u64,
    /// The rows from the first filled one to the last, repeats counted; None before the first.
    height: Option<u64>,
    /// Empty rows after the last filled one (in the grid only if a filled row follows).
    pending: u64,
    /// The widest filled row.
    width: u64,
}

impl OdsTable {
    /// A row element repeated `repeats` times, filled up to column `width` (0: empty).
    fn row(&mut self, repeats: u64, width: u64) {
        self.read = self.read.saturating_add(width);
        if width > 0 {
            let before = self.height.map_or(0, |h| h.saturating_add(self.pending));
            self.height = Some(before.saturating_add(repeats));
            self.pending = 0;
            self.width = self.width.max(width);
        } else if self.height.is_some() {
            self.pending = self.pending.saturating_add(repeats);
        }
    }

    /// The cells calamine makes of the table.
    fn cells(&self) -> u64 {
        let height = self.height.unwrap_or(0).min(MAX_ROWS);
        self.read.saturating_add(height.saturating_mul(self.width))
    }
}

/// The cells an .ods content.xml makes over all its tables (as an upper bound: a cell with a
/// value type or any content counts as filled).
fn ods_cells<R: std::io::BufRead>(xml: &mut quick_xml::Reader<R>) -> u64 {
    let mut buf = Vec::new();
    let mut total = 0u64;
    let mut table: Option<OdsTable> = None;
    // the row being read: (repeats, cells so far, width up to the last filled cell)
    let mut row: Option<(u64, u64, u64)> = None;
    loop {
        buf.clear();
        let event = match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match event {
            Event::Start(e) if e.name().as_ref() == b"table:table" => table = Some(OdsTable::default()),
            Event::End(e) if e.name().as_ref() == b"table:table" => {
                if let Some(t) = table.take() {
                    total = total.saturating_add(t.cells());
                }
            }
            Event::Start(e) if e.name().as_ref() == b"table:table-row" => {
                row = Some((number(&e, b"table:number-rows-repeated").unwrap_or(1), 0, 0));
            }
            Event::End(e) if e.name().as_ref() == b"table:table-row" => {
                if let (Some((repeats, _, width)), Some(t)) = (row.take(), table.as_mut()) {
                    t.row(repeats, width);
                }
            }
            Event::Start(ref e) | Event::Empty(ref e)
                if matches!(e.name().as_ref(), b"table:table-cell" | b"table:covered-table-cell") =>
            {
                if let Some((_, at, width)) = row.as_mut() {
                    let repeats = number(e, b"table:number-columns-repeated").unwrap_or(1).min(MAX_COLUMNS);
                    *at = at.saturating_add(repeats).min(MAX_COLUMNS);
                    let filled = matches!(event, Event::Start(_))
                        || e.try_get_attribute(b"office:value-type").ok().flatten().is_some();
                    if filled {
                        *width = *at;
                    }
                }
            }
            _ => {}
        }
        if total > MAX_CELLS as u64 {
            break;
        }
    }
    total
}

/// An .xls workbook: each sheet's DIMENSIONS claim and the grid between its farthest cells, read
/// from the sheet positions the workbook's globals give, as calamine reads them.
fn compound(bytes: &[u8]) -> Result<(), String> {
    let damaged = || "无法打开表格文件：复合文档已损坏".to_string();
    header_sizes(bytes).ok_or_else(damaged)?;
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| damaged())?;
    let stream = file
        .open_stream("/Workbook")
        .or_else(|_| file.open_stream("/Book"))
        .map_err(|_| "这个复合文档中没有 Excel 工作簿（可能是 Word 文档或其他文件），未读取".to_string())?;
    let mut data = Vec::new();
    stream.take(MAX_PART_BYTES).read_to_end(&mut data).map_err(|_| damaged())?;
    // the globals: each BOUNDSHEET record gives a sheet's position in the stream
    let mut sheets = Vec::new();
    for (typ, body) in records(&data) {
        match typ {
            0x0085 => sheets.extend(u32_at(body, 0).map(|pos| pos as usize)),
            0x000A => break,
            _ => {}
        }
    }
    let mut total = 0u64;
    for pos in sheets {
        let Some(sheet) = data.get(pos..) else {
            return Err("表格文件中工作表的位置超出了文件，文件已损坏，未读取".to_string());
        };
        total = total.saturating_add(xls_sheet(sheet)?);
        if total > MAX_CELLS as u64 {
            return Err(too_many("的工作表单元格范围过大", total));
        }
    }
    Ok(())
}

/// The sizes calamine's own compound-file reader reserves room for from the header, before the
/// file is checked: the FAT sectors (offset 44) and, from the four bytes at offset 62 as it reads
/// them, its DIFAT. Each must fit the file (a FAT sector is a sector of the file), else the file
/// is damaged (found by the fuzz target `import_sheet`: 6.7 GB asked of a 5 KB file).
fn header_sizes(bytes: &[u8]) -> Option<()> {
    let at = |i: usize| u32_at(bytes, i).map(u64::from);
    let sectors = bytes.len() as u64 / 512 + 1;
    let fat_sectors = at(44)?;
    // bytes 62..66 straddle the mini FAT's start and length: the length's low half times 65,536
    // (and the start's high half, 0xFFFF for an empty mini FAT). A mini FAT sector maps 8 KB of
    // small streams; a workbook has a few: at most 256 sectors (64 MB reserved) pass
    let difat = at(62)?;
    (fat_sectors <= sectors && difat <= 0xFFFF + (sectors.min(256) << 16)).then_some(())
}

/// The records of a BIFF stream from its start: (type, body), until a record runs past the end.
fn records(data: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = data;
    std::iter::from_fn(move || {
        if rest.len() < 4 {
            return None;
        }
        let typ = u16::from_le_bytes([rest[0], rest[1]]);
        let len = u16::from_le_bytes([rest[2], rest[3]]) as usize;
        let body = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, body))
    })
}

fn u16_at(body: &[u8], at: usize) -> Option<u32> {
    Some(u16::from_le_bytes([*body.get(at)?, *body.get(at + 1)?]) as u32)
}

fn u32_at(body: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(body.get(at..at + 4)?.try_into().ok()?))
}

/// The cells one .xls sheet makes: the room its DIMENSIONS record asks for and the grid between
/// its farthest value cells. A record calamine would do impossible arithmetic on is refused.
fn xls_sheet(sheet: &[u8]) -> Result<u64, String> {
    let broken = |what: &str| format!("表格文件的{what}记录有误，文件已损坏，未读取");
    let mut reserved = 0u64;
    let (mut rows, mut cols) = ((u32::MAX, 0u32), (u32::MAX, 0u32));
    let mut cell = |r: u32, c: u32| {
        rows = (rows.0.min(r), rows.1.max(r));
        cols = (cols.0.min(c), cols.1.max(c));
    };
    for (typ, body) in records(sheet) {
        match typ {
            // DIMENSIONS: calamine reserves rows × columns
            0x0200 => {
                let (first, last, c0, c1) = match body.len() {
                    10 => (u16_at(body, 0), u16_at(body, 2), u16_at(body, 4), u16_at(body, 6)),
                    14 => (u32_at(body, 0), u32_at(body, 4), u16_at(body, 8), u16_at(body, 10)),
                    _ => continue,
                };
                let (Some(first), Some(last), Some(c0), Some(c1)) = (first, last, c0, c1) else { continue };
                // as calamine reads it: a first column past 0xFF, or after the last, is 0
                let c0 = if c0 > 0xFF || c1 < c0 { 0 } else { c0 };
                if last >= 1 && c1 >= 1 {
                    if last - 1 < first || c1 - 1 < c0 {
                        return Err(broken("工作表尺寸（DIMENSIONS）"));
                    }
                    let n = u64::from(last - first).saturating_mul(u64::from(c1 - c0));
                    reserved = reserved.max(n);
                }
            }
            // value cells: NUMBER, LABEL, BOOLERR, RK, LABELSST, FORMULA
            0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(r), Some(c)) = (u16_at(body, 0), u16_at(body, 2)) {
                    cell(r, c);
                }
            }
            // MULRK: a run of cells in one row
            0x00BD if body.len() >= 6 => {
                let (Some(r), Some(first), Some(last)) =
                    (u16_at(body, 0), u16_at(body, 2), u16_at(body, body.len() - 2))
                else {
                    continue;
                };
                if last < first {
                    return Err(broken("多数字单元格（MULRK）"));
                }
                cell(r, first);
                cell(r, last);
            }
            0x000A => break,
            _ => {}
        }
    }
    let grid = if rows.0 <= rows.1 {
        u64::from(rows.1 - rows.0 + 1).saturating_mul(u64::from(cols.1 - cols.0 + 1))
    } else {
        0
    };
    Ok(reserved.saturating_add(grid))
}
