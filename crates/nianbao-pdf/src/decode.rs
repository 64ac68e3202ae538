//! Decoding a stream's data through its filters with a bound on what comes out.
//!
//! lopdf's `Stream::decompressed_content` inflates without a limit (a 1 KB stream can ask for
//! gigabytes). This does what it does — the same filters (`FlateDecode`, `LZWDecode`,
//! `ASCII85Decode`), the same PNG predictors, the same raw-deflate retry for a damaged zlib
//! header — but reads each filter step through a bound and stops as soon as it is passed.
//!
//! Pictures' streams are decoded with the same steps and a few more ([`unhex`],
//! [`unrunlength`], [`unpredict_samples`] for PNG and TIFF predictors at any bit depth), used by
//! [`crate::pixels`] only, so that content streams read as they always have.

use crate::budget::{Exceeded, Meter};
use flate2::read::{DeflateDecoder, ZlibDecoder};
use lopdf::{Dictionary, Object, Stream};
use std::io::Read;

/// Why a stream was not decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// A filter step gave more bytes than allowed.
    TooLarge,
    /// A filter is unknown or the data is broken beyond what lopdf would accept.
    Failed,
}

/// The names of the stream's filters in decoding order; `None` when it has none (or when
/// `/Filter` is neither a name nor an array of names, which lopdf reads as no filter).
fn filters(dict: &Dictionary) -> Option<Vec<&[u8]>> {
    match dict.get(b"Filter").ok()? {
        Object::Name(name) => Some(vec![name.as_slice()]),
        Object::Array(items) => items.iter().map(|o| o.as_name().ok()).collect(),
        _ => None,
    }
    .filter(|f: &Vec<&[u8]>| !f.is_empty())
}

/// Reads `reader` to its end or to `limit` bytes; `Err(TooLarge)` past the limit. A read error
/// ends the data (lopdf keeps what was read before it).
fn read_bounded(reader: impl Read, limit: usize, out: &mut Vec<u8>) -> Result<bool, DecodeError> {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let ok = reader.take(cap).read_to_end(out).is_ok();
    if out.len() > limit {
        return Err(DecodeError::TooLarge);
    }
    Ok(ok)
}

/// `FlateDecode`: zlib, or raw deflate after the two header bytes when the zlib reading fails
/// before giving anything (lopdf's retry for damaged headers and checksums).
pub fn inflate(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    if input.is_empty() {
        return Ok(out);
    }
    let ok = read_bounded(ZlibDecoder::new(input), limit, &mut out)?;
    if !ok && out.is_empty() && input.len() > 2 {
        read_bounded(DeflateDecoder::new(&input[2..]), limit, &mut out)?;
    }
    Ok(out)
}

/// `LZWDecode` (`/EarlyChange` 1 by default), stopping at `limit` bytes.
pub fn unlzw(input: &[u8], params: Option<&Dictionary>, limit: usize) -> Result<Vec<u8>, DecodeError> {
    use weezl::{decode::Decoder, BitOrder, LzwStatus};
    let early_change =
        params.and_then(|p| p.get(b"EarlyChange").ok()).and_then(|o| o.as_i64().ok()).is_none_or(|v| v != 0);
    let mut decoder =
        if early_change { Decoder::with_tiff_size_switch(BitOrder::Msb, 8) } else { Decoder::new(BitOrder::Msb, 8) };
    let mut out = Vec::new();
    let mut buf = vec![0u8; 1 << 15];
    let mut rest = input;
    loop {
        let r = decoder.decode_bytes(rest, &mut buf);
        out.extend_from_slice(&buf[..r.consumed_out]);
        rest = &rest[r.consumed_in..];
        if out.len() > limit {
            return Err(DecodeError::TooLarge);
        }
        match r.status {
            Ok(LzwStatus::Ok) if r.consumed_in + r.consumed_out > 0 => {}
            _ => return Ok(out),
        }
    }
}

/// `ASCII85Decode` as lopdf reads it: `z` for four zero bytes, white space ignored, `~>` at the
/// very end, any other byte outside `!`..`u` ending the data.
pub fn un85(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let body = input.strip_suffix(b"~>").unwrap_or(input);
    let mut out = Vec::new();
    let (mut group, mut n) = (0u32, 0usize);
    for &c in body {
        if out.len() > limit {
            return Err(DecodeError::TooLarge);
        }
        match c {
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'z' => return Err(DecodeError::Failed),
            c if c.is_ascii_whitespace() => {}
            b'!'..=b'u' => {
                group = group
                    .checked_mul(85)
                    .and_then(|g| g.checked_add(u32::from(c - b'!')))
                    .ok_or(DecodeError::Failed)?;
                n += 1;
                if n == 5 {
                    out.extend_from_slice(&group.to_be_bytes());
                    (group, n) = (0, 0);
                }
            }
            _ => break,
        }
    }
    if n > 0 {
        for _ in n..5 {
            group = group.checked_mul(85).and_then(|g| g.checked_add(84)).ok_or(DecodeError::Failed)?;
        }
        out.extend_from_slice(&group.to_be_bytes()[..n - 1]);
    }
    if out.len() > limit {
        return Err(DecodeError::TooLarge);
    }
    Ok(out)
}

/// `ASCIIHexDecode`: pairs of hexadecimal digits, white space skipped, `>` ending the data; a
/// last digit alone stands for its high half. Any other byte fails.
pub fn unhex(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity((input.len() / 2).min(limit));
    let mut high: Option<u8> = None;
    for &c in input {
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            b'>' => break,
            c if c.is_ascii_whitespace() || c == 0 => continue,
            _ => return Err(DecodeError::Failed),
        };
        match high.take() {
            None => high = Some(v),
            Some(h) => out.push(h << 4 | v),
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    if out.len() > limit {
        return Err(DecodeError::TooLarge);
    }
    Ok(out)
}

/// `RunLengthDecode`: a length byte 0–127 copies that many bytes plus one, 129–255 repeats the
/// next byte 257 less it times, 128 (or the end of the data) ends it. A run cut short by the end
/// of the data keeps what is there.
pub fn unrunlength(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&n) = input.get(i) {
        i += 1;
        let len = match n {
            128 => break,
            0..=127 => usize::from(n) + 1,
            _ => 257 - usize::from(n),
        };
        if out.len() + len > limit {
            return Err(DecodeError::TooLarge);
        }
        if n < 128 {
            let end = (i + len).min(input.len());
            out.extend_from_slice(&input[i..end]);
            i = end;
        } else {
            let Some(&b) = input.get(i) else { break };
            i += 1;
            out.resize(out.len() + len, b);
        }
    }
    Ok(out)
}

/// The PNG Paeth predictor of one byte from the bytes left (`a`), above (`b`) and above left
/// (`c`).
fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let (ia, ib, ic) = (i16::from(a), i16::from(b), i16::from(c));
    let p = ia + ib - ic;
    let (pa, pb, pc) = ((p - ia).abs(), (p - ib).abs(), (p - ic).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// Undoes a picture's predictor (`/DecodeParms`: `/Predictor` 2 for TIFF, 10–15 for PNG, with
/// `/Colors`, `/BitsPerComponent` 1, 2, 4, 8 or 16 and `/Columns`), rows of any bit depth; other
/// predictors leave the data alone. A last row cut short is undone as far as it goes. The result
/// is never longer than the data, so it needs no bound of its own.
pub fn unpredict_samples(data: Vec<u8>, params: Option<&Dictionary>) -> Result<Vec<u8>, DecodeError> {
    let Some(p) = params else { return Ok(data) };
    let int = |key: &[u8], default: i64| p.get(key).and_then(Object::as_i64).unwrap_or(default);
    let predictor = int(b"Predictor", 1);
    if predictor != 2 && !(10..=15).contains(&predictor) {
        return Ok(data);
    }
    let colors = usize::try_from(int(b"Colors", 1)).ok().filter(|c| (1..=32).contains(c)).ok_or(DecodeError::Failed)?;
    let bits = usize::try_from(int(b"BitsPerComponent", 8))
        .ok()
        .filter(|b| [1, 2, 4, 8, 16].contains(b))
        .ok_or(DecodeError::Failed)?;
    let columns = usize::try_from(int(b"Columns", 1)).ok().filter(|&c| c >= 1).ok_or(DecodeError::Failed)?;
    let row_bits = columns.checked_mul(colors).and_then(|n| n.checked_mul(bits)).ok_or(DecodeError::Failed)?;
    let row = row_bits.div_ceil(8);
    let bpp = (colors * bits).div_ceil(8);
    if predictor == 2 {
        let mut data = data;
        for r in data.chunks_mut(row) {
            tiff_row(r, colors, bits);
        }
        return Ok(data);
    }
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row.min(data.len())];
    for chunk in data.chunks(row + 1) {
        let (&filter, bytes) = chunk.split_first().ok_or(DecodeError::Failed)?;
        let start = out.len();
        for (i, &x) in bytes.iter().enumerate() {
            let a = if i >= bpp { out[start + i - bpp] } else { 0 };
            let b = prev.get(i).copied().unwrap_or(0);
            let c = if i >= bpp { prev.get(i - bpp).copied().unwrap_or(0) } else { 0 };
            let v = match filter {
                0 => x,
                1 => x.wrapping_add(a),
                2 => x.wrapping_add(b),
                3 => x.wrapping_add(((u16::from(a) + u16::from(b)) / 2) as u8),
                4 => x.wrapping_add(paeth(a, b, c)),
                _ => return Err(DecodeError::Failed),
            };
            out.push(v);
        }
        prev.clear();
        prev.extend_from_slice(&out[start..]);
    }
    Ok(out)
}

/// Undoes TIFF predictor 2 (each sample the difference from the one a pixel to its left) in one
/// row of `colors` samples of `bits` bits a pixel.
fn tiff_row(row: &mut [u8], colors: usize, bits: usize) {
    match bits {
        8 => {
            for i in colors..row.len() {
                row[i] = row[i].wrapping_add(row[i - colors]);
            }
        }
        16 => {
            let samples = row.len() / 2;
            for s in colors..samples {
                let prev = u16::from_be_bytes([row[2 * (s - colors)], row[2 * (s - colors) + 1]]);
                let cur = u16::from_be_bytes([row[2 * s], row[2 * s + 1]]);
                row[2 * s..2 * s + 2].copy_from_slice(&cur.wrapping_add(prev).to_be_bytes());
            }
        }
        _ => {
            let samples = row.len() * 8 / bits;
            let mask = (1u16 << bits) - 1;
            let get = |row: &[u8], s: usize| {
                let bit = s * bits;
                (u16::from(row[bit / 8]) >> (8 - bits - bit % 8)) & mask
            };
            for s in colors..samples {
                let v = (get(row, s) + get(row, s - colors)) & mask;
                let bit = s * bits;
                let shift = 8 - bits - bit % 8;
                let byte = &mut row[bit / 8];
                *byte = (*byte & !((mask as u8) << shift)) | ((v as u8) << shift);
            }
        }
    }
}

/// Undoes a PNG predictor (`/Predictor` 10–15) as lopdf does; other predictors are left alone.
fn unpredict(data: Vec<u8>, params: Option<&Dictionary>) -> Result<Vec<u8>, DecodeError> {
    let Some(p) = params else { return Ok(data) };
    let int = |key: &[u8], default: i64| p.get(key).and_then(Object::as_i64).unwrap_or(default);
    if !(10..=15).contains(&int(b"Predictor", 1)) {
        return Ok(data);
    }
    let columns = usize::try_from(int(b"Columns", 1).max(1)).map_err(|_| DecodeError::Failed)?;
    let colors = usize::try_from(int(b"Colors", 1).max(1)).map_err(|_| DecodeError::Failed)?;
    let bits = usize::try_from(int(b"BitsPerComponent", 8).max(8)).map_err(|_| DecodeError::Failed)?;
    let bytes_per_pixel = colors.checked_mul(bits).ok_or(DecodeError::Failed)? / 8;
    let row = bytes_per_pixel.checked_mul(columns).ok_or(DecodeError::Failed)?;
    // A row longer than the data cannot be read (lopdf fails too, after allocating it).
    if row >= data.len() {
        return if data.is_empty() { Ok(data) } else { Err(DecodeError::Failed) };
    }
    lopdf::filters::png::decode_frame(&data, bytes_per_pixel, columns).map_err(|_| DecodeError::Failed)
}

/// The stream's data through its filters, no filter step giving more than `limit` bytes.
pub fn decode(stream: &Stream, limit: usize) -> Result<Vec<u8>, DecodeError> {
    decode_data(&stream.dict, &stream.content, limit)
}

/// The `content` of a stream with dictionary `dict` through its filters, no filter step giving
/// more than `limit` bytes.
pub fn decode_data(dict: &Dictionary, content: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let Some(filters) = filters(dict) else {
        return if content.len() > limit { Err(DecodeError::TooLarge) } else { Ok(content.to_vec()) };
    };
    let params = dict.get(b"DecodeParms").and_then(Object::as_dict).ok();
    let mut data: Option<Vec<u8>> = None;
    for filter in filters {
        let input = data.as_deref().unwrap_or(content);
        data = Some(match filter {
            b"FlateDecode" => unpredict(inflate(input, limit)?, params)?,
            b"LZWDecode" => unpredict(unlzw(input, params, limit)?, params)?,
            b"ASCII85Decode" => un85(input, limit)?,
            _ => return Err(DecodeError::Failed),
        });
    }
    Ok(data.unwrap_or_default())
}

/// Decodes `stream`, charging `meter` (with `so_far` bytes already decoded for the same stream,
/// when it is one part of a page's contents); `stream_name` names it in a message. `Ok(None)`
/// when it cannot be decoded.
pub fn decode_charged(
    stream: &Stream,
    meter: &mut Meter,
    so_far: usize,
    stream_name: &'static str,
) -> Result<Option<Vec<u8>>, Exceeded> {
    match decode(stream, meter.room(so_far)) {
        Ok(data) => {
            meter.decoded(so_far + data.len(), data.len(), stream_name)?;
            Ok(Some(data))
        }
        Err(DecodeError::TooLarge) => Err(meter.overflow(so_far, stream_name)),
        Err(DecodeError::Failed) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::ZlibEncoder;
    use flate2::Compression;
    use lopdf::dictionary;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn decodes_like_lopdf() {
        let text = b"BT /F1 12 Tf (Hello) Tj ET".repeat(50);
        let twice = zlib(&zlib(&text));
        let s = Stream::new(dictionary! { "Filter" => vec!["FlateDecode".into(), "FlateDecode".into()] }, twice);
        assert_eq!(decode(&s, 1 << 20).unwrap(), s.decompressed_content().unwrap());
        let a85 = Stream::new(dictionary! { "Filter" => "ASCII85Decode" }, b"87cURD]i,\"Ebo80~>".to_vec());
        assert_eq!(decode(&a85, 100).unwrap(), a85.decompressed_content().unwrap());
    }

    #[test]
    fn stops_at_the_limit() {
        let s = Stream::new(dictionary! { "Filter" => "FlateDecode" }, zlib(&[0; 10_000]));
        assert_eq!(decode(&s, 9_999), Err(DecodeError::TooLarge));
        assert_eq!(decode(&s, 10_000).map(|d| d.len()), Ok(10_000));
    }

    #[test]
    fn hex_and_run_length() {
        assert_eq!(unhex(b"48 65\n6c6C 7>ignored", 100).unwrap(), b"Hell\x70");
        assert_eq!(unhex(b"4g", 100), Err(DecodeError::Failed));
        assert_eq!(unhex(b"414243", 2), Err(DecodeError::TooLarge));
        assert_eq!(unrunlength(&[2, b'a', b'b', b'c', 254, b'x', 128, b'z'], 100).unwrap(), b"abcxxx");
        assert_eq!(unrunlength(&[129, 0], 100), Err(DecodeError::TooLarge));
        assert_eq!(unrunlength(&[5, b'a'], 100).unwrap(), b"a");
    }

    #[test]
    fn png_and_tiff_predictors_at_any_depth() {
        // Two rows of 16 one-bit pixels: "up" (2) then "sub" (1).
        let params = dictionary! { "Predictor" => 15, "Columns" => 16, "BitsPerComponent" => 1 };
        let data = vec![2, 0xF0, 0x0F, 2, 0x01, 0x01];
        assert_eq!(unpredict_samples(data, Some(&params)).unwrap(), [0xF0, 0x0F, 0xF1, 0x10]);
        let params = dictionary! { "Predictor" => 12, "Columns" => 2, "Colors" => 3 };
        let data = vec![1, 10, 20, 30, 1, 2, 3, 0, 5, 5, 5, 5, 5, 5];
        assert_eq!(unpredict_samples(data, Some(&params)).unwrap(), [10, 20, 30, 11, 22, 33, 5, 5, 5, 5, 5, 5]);
        let params = dictionary! { "Predictor" => 2, "Columns" => 4, "BitsPerComponent" => 4 };
        assert_eq!(unpredict_samples(vec![0x11, 0x1F], Some(&params)).unwrap(), [0x12, 0x32]);
        let params = dictionary! { "Predictor" => 2, "Columns" => 2, "BitsPerComponent" => 16 };
        assert_eq!(unpredict_samples(vec![1, 0, 0, 1], Some(&params)).unwrap(), [1, 0, 1, 1]);
        let params = dictionary! { "Predictor" => 10, "Columns" => 2 };
        assert_eq!(unpredict_samples(vec![9, 1, 1], Some(&params)), Err(DecodeError::Failed));
        let params = dictionary! { "Predictor" => 10, "Columns" => i64::MAX, "Colors" => 4 };
        assert_eq!(unpredict_samples(vec![0, 1], Some(&params)), Err(DecodeError::Failed));
    }

    #[test]
    fn a_predictor_row_longer_than_the_data_fails_without_allocating_it() {
        let params = dictionary! { "Predictor" => 12, "Columns" => i64::MAX, "Colors" => 4 };
        let s = Stream::new(dictionary! { "Filter" => "FlateDecode", "DecodeParms" => params }, zlib(b"abc"));
        assert_eq!(decode(&s, 100), Err(DecodeError::Failed));
    }
}
