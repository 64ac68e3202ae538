//! The cross-reference chain, read before lopdf loads the file.
//!
//! lopdf inflates each cross-reference stream of the chain (`startxref`, then `/Prev` and
//! `/XRefStm`) without a limit while it loads a file, and unpacks the object streams of an
//! encrypted file itself, without a limit and without the load filter that hands them over to
//! [`crate::open`]. So, before lopdf sees the file:
//!
//! - each cross-reference stream of the chain is decoded here through the bound of the
//!   [`Budget`](crate::Budget) (and charged to it);
//! - the place of the trailer's `/Encrypt` key is found, so that the file can be loaded as if it
//!   were not encrypted (its object streams then pass through the load filter) and decrypted
//!   afterwards with lopdf's own decryption;
//! - the streams whose `/Length` is an object packed in an object stream are found: lopdf
//!   unpacks that whole object stream (without a limit) each time it reads such a length, so
//!   each time is charged here, before it happens (see [`check_packed_lengths`]).
//!
//! The chain is followed the way lopdf follows it; what cannot be read here is left to lopdf,
//! which then refuses the file or reads it the same way.

use crate::budget::{Exceeded, Meter};
use crate::decode::{decode_data, DecodeError};
use lopdf::content::Content;
use lopdf::{Dictionary, Object};
use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;

/// The most sections of the chain followed; a longer chain is refused as damaged (real files
/// have one per incremental update, a handful).
pub const MAX_SECTIONS: usize = 1024;

/// Where the cross-reference data puts an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// At this offset (from the file's `%PDF-`).
    Normal(usize),
    /// Packed in the object stream of this object number.
    Packed(u32),
}

/// What reading the chain found.
#[derive(Debug, Default)]
pub struct Chain {
    /// Byte ranges (in the file) of the names `/Encrypt` in the trailer dictionary lopdf reads.
    pub encrypt_names: Vec<Range<usize>>,
    /// Where each object is, by object number (the newest section's word first, as lopdf).
    entries: HashMap<u32, Entry>,
    /// Where the file starts (its `%PDF-`): offsets count from there.
    base: usize,
}

/// Why the chain was not accepted.
#[derive(Debug, PartialEq, Eq)]
pub enum ChainError {
    /// A cross-reference stream went past the budget.
    TooLarge(Exceeded),
    /// The chain has more than [`MAX_SECTIONS`] sections.
    TooLong,
}

fn is_white(b: u8) -> bool {
    b" \t\n\r\0\x0C".contains(&b)
}

fn skip_white(buf: &[u8], mut i: usize) -> usize {
    while buf.get(i).is_some_and(|&b| is_white(b)) {
        i += 1;
    }
    i
}

fn find_from(buf: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    buf.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

/// The offset `startxref` names, found as lopdf finds it: the last `%%EOF` in the last 512
/// bytes, and `startxref` in the 25 bytes before it.
fn start_offset(buf: &[u8]) -> Option<usize> {
    let seek = buf.len().saturating_sub(512);
    let eof = seek + buf[seek..].windows(5).rposition(|w| w == b"%%EOF")?;
    if eof <= 25 {
        return None;
    }
    let sx = eof - 25 + buf[eof - 25..eof].windows(9).rposition(|w| w == b"startxref")?;
    let i = skip_white(buf, sx + 9);
    let digits = buf[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&buf[i..i + digits]).ok()?.parse().ok()
}

/// Skips a literal string from its `(`; returns the index after it.
fn skip_literal(buf: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while let Some(&b) = buf.get(i) {
        match b {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// The index after the dictionary starting with `<<` at `start`, or `None` when it does not end.
fn dict_end(buf: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while let Some(&b) = buf.get(i) {
        match b {
            b'<' if buf.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 2;
            }
            b'>' if buf.get(i + 1) == Some(&b'>') => {
                depth = depth.checked_sub(1)?;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'(' => i = skip_literal(buf, i),
            b'<' => i = find_from(buf, i, b">")? + 1,
            b'%' => i = find_from(buf, i, b"\n").unwrap_or(buf.len()),
            _ => i += 1,
        }
    }
    None
}

/// The dictionary `text` (from `<<` to `>>`) as lopdf parses it.
fn parse_dict(text: &[u8]) -> Option<Dictionary> {
    let mut data = text.to_vec();
    data.extend_from_slice(b" x");
    let content = Content::decode(&data).ok()?;
    match content.operations.into_iter().next()?.operands.into_iter().next()? {
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// A name token's bytes from its `/` at `i`, `#xx` decoded, and the index after it.
fn name_at(buf: &[u8], i: usize) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut j = i + 1;
    while let Some(&b) = buf.get(j).filter(|&&b| !is_white(b) && !b"()<>[]{}/%".contains(&b)) {
        let hex = |k: usize| buf.get(k).and_then(|&c| (c as char).to_digit(16));
        match (b, hex(j + 1), hex(j + 2)) {
            (b'#', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                j += 3;
            }
            _ => {
                out.push(b);
                j += 1;
            }
        }
    }
    (out, j)
}

/// The ranges of the names that read `Encrypt` at the top level of the dictionary `buf[range]`.
fn encrypt_names(buf: &[u8], range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut i, end) = (range.start + 2, range.end.saturating_sub(2));
    while i < end {
        match buf[i] {
            b'<' if buf.get(i + 1) == Some(&b'<') => i = dict_end(buf, i).unwrap_or(end),
            b'(' => i = skip_literal(buf, i),
            b'<' => i = find_from(buf, i, b">").map_or(end, |j| j + 1),
            b'%' => i = find_from(buf, i, b"\n").unwrap_or(end),
            b'/' => {
                let (name, next) = name_at(buf, i);
                if name == b"Encrypt" {
                    out.push(i..next);
                }
                i = next;
            }
            _ => i += 1,
        }
    }
    out
}

/// The offsets `/Prev` and `/XRefStm` of a trailer or cross-reference stream dictionary name.
fn next_offsets(dict: &Dictionary) -> Vec<usize> {
    [&b"Prev"[..], b"XRefStm"]
        .iter()
        .filter_map(|k| dict.get(k).and_then(Object::as_i64).ok())
        .filter_map(|v| usize::try_from(v).ok())
        .collect()
}

/// One section of the chain: its trailer (or stream) dictionary's byte range, the objects it
/// places, and the sections it names next.
struct Section {
    dict: Range<usize>,
    entries: Vec<(u32, Entry)>,
    next: Vec<usize>,
}

/// Reads an unsigned integer at `i` (after white space); the value and the index after it.
fn uint_at(buf: &[u8], i: usize) -> Option<(usize, usize)> {
    let i = skip_white(buf, i);
    let digits = buf.get(i..)?.iter().take_while(|b| b.is_ascii_digit()).count();
    let value = std::str::from_utf8(&buf[i..i + digits]).ok()?.parse().ok()?;
    Some((value, i + digits))
}

/// The entries of a classic table from just after its `xref`: subsections of `start count`
/// and `offset generation n|f` lines, up to the first thing that is not one.
fn table_entries(buf: &[u8], mut i: usize) -> Vec<(u32, Entry)> {
    let mut out = Vec::new();
    while let Some(((first, count), next)) =
        uint_at(buf, i).and_then(|(a, j)| uint_at(buf, j).map(|(b, k)| ((a, b), k)))
    {
        i = next;
        for k in 0..count {
            let Some(((offset, _), kind_at)) =
                uint_at(buf, i).and_then(|(o, j)| uint_at(buf, j).map(|(g, k)| ((o, g), skip_white(buf, k))))
            else {
                return out;
            };
            let (Some(&kind), Ok(num)) = (buf.get(kind_at), u32::try_from(first.saturating_add(k))) else {
                return out;
            };
            if kind == b'n' {
                out.push((num, Entry::Normal(offset)));
            }
            i = kind_at + 1;
        }
    }
    out
}

/// A classic `xref` table at `at`: its entries and trailer.
fn table_section(buf: &[u8], at: usize) -> Option<Section> {
    let entries = table_entries(buf, at + 4);
    let trailer = find_from(buf, at, b"trailer")?;
    let start = skip_white(buf, trailer + 7);
    if !buf[start..].starts_with(b"<<") {
        return None;
    }
    let end = dict_end(buf, start)?;
    let dict = parse_dict(&buf[start..end])?;
    Some(Section { dict: start..end, entries, next: next_offsets(&dict) })
}

/// Reads `N G obj` at `at`; the index after it.
fn object_header(buf: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    for _ in 0..2 {
        let digits = buf.get(i..)?.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        i = skip_white(buf, i + digits);
    }
    buf.get(i..)?.starts_with(b"obj").then_some(i + 3)
}

/// The object at `at` when it is a dictionary, perhaps a stream: its dictionary, where that
/// lies, and where the stream's data starts (after `stream` and its end of line).
fn object_at(buf: &[u8], at: usize) -> Option<(Dictionary, Range<usize>, Option<usize>)> {
    let start = skip_white(buf, object_header(buf, at)?);
    if !buf[start..].starts_with(b"<<") {
        return None;
    }
    let end = dict_end(buf, start)?;
    let dict = parse_dict(&buf[start..end])?;
    let kw = skip_white(buf, end);
    if !buf[kw..].starts_with(b"stream") {
        return Some((dict, start..end, None));
    }
    let mut data = kw + 6;
    if buf[data..].starts_with(b"\r\n") {
        data += 2;
    } else if buf.get(data).is_some_and(|&b| b == b'\n' || b == b'\r') {
        data += 1;
    }
    Some((dict, start..end, Some(data)))
}

/// The big-endian number in `bytes` (empty: `default`).
fn field(bytes: &[u8], default: usize) -> usize {
    if bytes.is_empty() {
        return default;
    }
    bytes.iter().fold(0usize, |acc, &b| acc.saturating_mul(256).saturating_add(usize::from(b)))
}

/// The entries of a decoded cross-reference stream, read as lopdf reads them (`/W`, `/Index`).
fn stream_entries(dict: &Dictionary, data: &[u8]) -> Vec<(u32, Entry)> {
    let ints = |key: &[u8]| -> Option<Vec<usize>> {
        dict.get(key)
            .and_then(Object::as_array)
            .ok()?
            .iter()
            .map(|o| o.as_i64().ok().and_then(|v| usize::try_from(v).ok()))
            .collect()
    };
    let Some(w) = ints(b"W").filter(|w| w.len() >= 3 && w.iter().all(|&n| n <= 8)) else { return Vec::new() };
    let size = dict.get(b"Size").and_then(Object::as_i64).ok().and_then(|v| usize::try_from(v).ok()).unwrap_or(0);
    let index = ints(b"Index").unwrap_or_else(|| vec![0, size]);
    let row = w[0] + w[1] + w[2];
    let mut out = Vec::new();
    let mut rows = data.chunks_exact(row.max(1));
    for pair in index.chunks_exact(2) {
        for k in 0..pair[1] {
            let Some(r) = rows.next() else { return out };
            let (kind, f2) = (field(&r[..w[0]], 1), field(&r[w[0]..w[0] + w[1]], 0));
            let Ok(num) = u32::try_from(pair[0].saturating_add(k)) else { return out };
            match kind {
                1 => out.push((num, Entry::Normal(f2))),
                2 => out.extend(u32::try_from(f2).ok().map(|c| (num, Entry::Packed(c)))),
                _ => {}
            }
        }
    }
    out
}

/// A cross-reference stream at `at`: its dictionary and entries, its data decoded (and
/// charged) within the budget of `meter`.
fn stream_section(buf: &[u8], at: usize, meter: &mut Meter) -> Result<Option<Section>, Exceeded> {
    let Some((dict, range, data_start)) = object_at(buf, at) else { return Ok(None) };
    let mut section = Section { dict: range, entries: Vec::new(), next: next_offsets(&dict) };
    let length = dict.get(b"Length").and_then(Object::as_i64).ok().and_then(|n| usize::try_from(n).ok());
    let data = data_start.zip(length).and_then(|(s, n)| buf.get(s..s.checked_add(n)?));
    let Some(data) = data else { return Ok(Some(section)) };
    match decode_data(&dict, data, meter.room(0)) {
        Ok(decoded) => {
            meter.decoded(decoded.len(), decoded.len(), "交叉引用流")?;
            section.entries = stream_entries(&dict, &decoded);
        }
        Err(DecodeError::TooLarge) => return Err(meter.overflow(0, "交叉引用流")),
        Err(DecodeError::Failed) => {}
    }
    Ok(Some(section))
}

/// Follows the cross-reference chain of `bytes` (see the module documentation).
pub fn read_chain(bytes: &[u8], meter: &mut Meter) -> Result<Chain, ChainError> {
    // lopdf reads the file from its `%PDF-` on; offsets count from there.
    let base = bytes.windows(5).position(|w| w == b"%PDF-").unwrap_or(0);
    let buf = &bytes[base..];
    let mut chain = Chain { base, ..Chain::default() };
    let Some(start) = start_offset(buf) else { return Ok(chain) };
    let mut todo = VecDeque::from([start]);
    let mut seen = HashSet::new();
    while let Some(at) = todo.pop_front() {
        if at >= buf.len() || !seen.insert(at) {
            continue;
        }
        if seen.len() > MAX_SECTIONS {
            return Err(ChainError::TooLong);
        }
        let section = if buf[at..].starts_with(b"xref") {
            table_section(buf, at)
        } else {
            stream_section(buf, at, meter).map_err(ChainError::TooLarge)?
        };
        let Some(section) = section else { continue };
        if at == start {
            let names = encrypt_names(buf, section.dict.clone());
            chain.encrypt_names = names.into_iter().map(|r| r.start + base..r.end + base).collect();
        }
        for (num, entry) in section.entries {
            chain.entries.entry(num).or_insert(entry);
        }
        todo.extend(section.next);
    }
    Ok(chain)
}

/// The object numbers named by `/Length N G R` anywhere in `buf` (a name read with its `#xx`
/// escapes, as lopdf reads names). Found in the raw bytes, so some may not be stream lengths:
/// that only counts more.
fn length_refs(buf: &[u8]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(slash) = buf.get(i..).and_then(|rest| rest.iter().position(|&b| b == b'/')) {
        let (name, next) = name_at(buf, i + slash);
        i = next;
        if name != b"Length" {
            continue;
        }
        let reference = uint_at(buf, next)
            .and_then(|(n, j)| uint_at(buf, j).map(|(_, k)| (n, skip_white(buf, k))))
            .filter(|&(_, k)| buf.get(k) == Some(&b'R'));
        if let Some(num) = reference.and_then(|(n, _)| u32::try_from(n).ok()) {
            out.push(num);
        }
    }
    out
}

/// Whether the objects of an object stream's decoded `data` (index before `first`) each lie in
/// their own slice: offsets distinct, and no object still open (an array, dictionary or string)
/// where the next one starts. lopdf parses each object from its offset to the end of the data, so
/// objects started inside others (nested a hundred deep) or listed twice multiply its work.
fn separate_objects(data: &[u8], first: usize) -> bool {
    let Some(index) = data.get(..first).and_then(|b| std::str::from_utf8(b).ok()) else { return true };
    let numbers: Vec<usize> = index.split_whitespace().filter_map(|n| n.parse().ok()).collect();
    let mut starts: Vec<usize> = numbers.chunks_exact(2).map(|p| first.saturating_add(p[1])).collect();
    let listed = starts.len();
    starts.sort_unstable();
    starts.dedup();
    listed == starts.len() && starts.windows(2).all(|w| closed_between(data, w[0], w[1]))
}

/// Whether every array, dictionary and string opened in `data[from..to]` is closed there.
fn closed_between(data: &[u8], from: usize, to: usize) -> bool {
    let to = to.min(data.len());
    let (mut i, mut depth) = (from, 0usize);
    while i < to {
        match data[i] {
            b'(' => {
                i = skip_literal(data, i);
                if i > to {
                    return false;
                }
                continue;
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'<' => match find_from(data, i, b">") {
                Some(j) if j < to => i = j,
                _ => return false,
            },
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'%' => i = find_from(data, i, b"\n").unwrap_or(to),
            _ => {}
        }
        i += 1;
    }
    depth == 0
}

/// What lopdf's unpacking of the object stream `container` costs, in bytes parsed: its decoded
/// size, times the number of its objects when they are not each in their own slice. A container
/// that cannot be found or measured here costs more than is left (lopdf would unpack it).
fn unpacking_cost(buf: &[u8], chain: &Chain, container: u32, meter: &Meter) -> Result<usize, Exceeded> {
    let too_much = meter.object_stream_left().saturating_add(1);
    let Some(Entry::Normal(at)) = chain.entries.get(&container).copied() else { return Ok(too_much) };
    let Some((dict, _, Some(data_start))) = object_at(buf, at) else { return Ok(too_much) };
    let length = match dict.get(b"Length") {
        Ok(Object::Integer(n)) => usize::try_from(*n).ok(),
        Ok(Object::Reference((num, _))) => match chain.entries.get(num) {
            Some(Entry::Normal(at)) => object_header(buf, *at).and_then(|i| uint_at(buf, i)).map(|(n, _)| n),
            _ => None,
        },
        _ => None,
    };
    let Some(data) = length.and_then(|n| buf.get(data_start..data_start.checked_add(n)?)) else {
        return Ok(too_much);
    };
    let limit = meter.room(0).min(meter.object_stream_left());
    let decoded = match decode_data(&dict, data, limit) {
        Ok(decoded) => decoded,
        Err(DecodeError::TooLarge) => return Ok(too_much),
        // lopdf cannot unpack it either (an encrypted file's, say): it costs no more than it is.
        Err(DecodeError::Failed) => return Ok(data.len()),
    };
    let first = dict.get(b"First").and_then(Object::as_i64).ok().and_then(|v| usize::try_from(v).ok()).unwrap_or(0);
    let objects = dict.get(b"N").and_then(Object::as_i64).ok().and_then(|v| usize::try_from(v).ok()).unwrap_or(0);
    Ok(if separate_objects(&decoded, first) { decoded.len() } else { decoded.len().saturating_mul(objects.max(2)) })
}

/// Charges, before lopdf loads the file, the object streams lopdf will unpack while it reads
/// stream lengths stored in them (PDF 32000-1:2008 §7.3.8.2 allows `/Length 12 0 R` to name an
/// object packed in an object stream; lopdf then unpacks that whole stream — for every such
/// stream). Each object stream so used is charged once to the object streams' share of the
/// budget, and each reading of it to the document's decoded bytes.
pub fn check_packed_lengths(bytes: &[u8], chain: &Chain, meter: &mut Meter) -> Result<(), Exceeded> {
    if !chain.entries.values().any(|e| matches!(e, Entry::Packed(_))) {
        return Ok(());
    }
    let buf = &bytes[chain.base..];
    let mut costs: HashMap<u32, usize> = HashMap::new();
    for num in length_refs(buf) {
        let Some(Entry::Packed(container)) = chain.entries.get(&num).copied() else { continue };
        let cost = match costs.get(&container) {
            Some(&cost) => cost,
            None => {
                let cost = unpacking_cost(buf, chain, container, meter)?;
                meter.object_stream(cost)?;
                costs.insert(container, cost);
                cost
            }
        };
        meter.redecoded(cost)?;
    }
    Ok(())
}

/// The name a hidden `/Encrypt` of `len` bytes (slash included) is written as: `/XXX…`, as long.
pub fn hidden_name(len: usize) -> Vec<u8> {
    vec![b'X'; len.saturating_sub(1)]
}

/// A copy of `bytes` with the trailer's `/Encrypt` names (see [`Chain::encrypt_names`]) written
/// as [`hidden_name`]s of the same length, so that every offset stays right.
pub fn hide_encryption(bytes: &[u8], names: &[Range<usize>]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for r in names {
        out[r.start] = b'/';
        out[r.start + 1..r.end].copy_from_slice(&hidden_name(r.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Budget;

    #[test]
    fn reads_classic_table_entries() {
        let table = b"xref\n0 3\n0000000000 65535 f \n0000000017 00000 n \n0000000081 00000 n \n7 1\n0000000200 00000 n \ntrailer";
        let entries = table_entries(table, 4);
        assert_eq!(entries, [(1, Entry::Normal(17)), (2, Entry::Normal(81)), (7, Entry::Normal(200))]);
        assert!(table_entries(b"xref 18446744073709551615 2 0000000001 00000 n", 4).len() <= 1);
    }

    #[test]
    fn objects_started_inside_others_are_seen() {
        // Three objects, the second and third inside the first's array.
        let data = b"1 0 2 1 3 2 [[[1]]]";
        assert!(!separate_objects(data, 12));
        let apart = b"1 0 2 4 [1] [2]";
        assert!(separate_objects(apart, 8));
    }

    #[test]
    fn finds_the_encrypt_key_of_a_classic_trailer() {
        let file = b"%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 1\n0000000000 65535 f \ntrailer\n<</Size 2/Info (/Encrypt) /Encr#79pt 5 0 R/ID[<00><00>]>>\nstartxref\n27\n%%EOF\n";
        let chain = read_chain(file, &mut Meter::new(Budget::default())).unwrap();
        let names: Vec<&[u8]> = chain.encrypt_names.iter().map(|r| &file[r.clone()]).collect();
        assert_eq!(names, [&b"/Encr#79pt"[..]]);
        let hidden = hide_encryption(file, &chain.encrypt_names);
        assert!(hidden.windows(10).any(|w| w == b"/XXXXXXXXX"));
        assert_eq!(hidden.len(), file.len());
    }
}
