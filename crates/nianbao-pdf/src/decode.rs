//! Decoding a stream's data through its filters with a bound on what comes out.
//!
//! lopdf's `Stream::decompressed_content` inflates without a limit (a 1 KB stream can ask for
//! gigabytes). This does what it does — the same filters (`FlateDecode`, `LZWDecode`,
//! `ASCII85Decode`), the same PNG predictors, the same raw-deflate retry for a damaged zlib
//! header — but reads each filter step through a bound and stops as soon as it is passed.

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
fn inflate(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
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
fn unlzw(input: &[u8], params: Option<&Dictionary>, limit: usize) -> Result<Vec<u8>, DecodeError> {
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
fn un85(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
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
    fn a_predictor_row_longer_than_the_data_fails_without_allocating_it() {
        let params = dictionary! { "Predictor" => 12, "Columns" => i64::MAX, "Colors" => 4 };
        let s = Stream::new(dictionary! { "Filter" => "FlateDecode", "DecodeParms" => params }, zlib(b"abc"));
        assert_eq!(decode(&s, 100), Err(DecodeError::Failed));
    }
}
