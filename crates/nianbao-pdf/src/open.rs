//! Opening the file: header, end marker, encryption and structure, each with its own reason.
//!
//! lopdf unpacks object streams (`/Type /ObjStm`) while it loads a file, inflating them without
//! a limit and parsing every object from its offset to the end of the stream. Here lopdf is told
//! (through its load filter) to leave them packed, and they are unpacked afterwards within the
//! [`Budget`](crate::Budget): each decoded through a bound, each object parsed from its own slice.
//!
//! Before that, the cross-reference chain is read here ([`crate::xref`]): its streams decoded
//! within the budget, and the trailer's `/Encrypt` key hidden from lopdf, so that an encrypted
//! file is loaded like any other (its object streams held too) and decrypted afterwards.

use crate::budget::{Exceeded, Meter};
use crate::decode::{decode, DecodeError};
use crate::error::PdfError;
use crate::xref::{self, ChainError};
use lopdf::encryption::decrypt_object;
use lopdf::xref::XrefEntry;
use lopdf::{dictionary, Document, EncryptionState, Error, LoadOptions, Object, ObjectId, ObjectStream, Stream};
use std::collections::BTreeMap;
use std::ops::Range;

/// How far into the file the `%PDF-` header may start (PDF 32000-1:2008 allows leading bytes).
const HEADER_WINDOW: usize = 1024;

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether the file ends with an end marker, and the cross-reference offset it names lies inside.
fn is_complete(bytes: &[u8]) -> bool {
    let tail_start = bytes.len().saturating_sub(4096);
    let tail = &bytes[tail_start..];
    let Some(eof) = tail.windows(5).rposition(|w| w == b"%%EOF") else {
        return false;
    };
    let Some(sx) = tail[..eof].windows(9).rposition(|w| w == b"startxref") else {
        return true;
    };
    let digits: String = tail[sx + 9..eof]
        .iter()
        .map(|&b| b as char)
        .skip_while(|c| c.is_ascii_whitespace())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse::<usize>().map_or(true, |offset| offset < bytes.len())
}

/// Says in Chinese what part of the structure a lopdf error is about.
fn damage(e: &Error) -> String {
    match e {
        Error::Xref(_) | Error::MissingXrefEntry | Error::InvalidOffset(_) => "交叉引用表（xref）无法读取".into(),
        Error::ObjectNotFound(_) | Error::ObjectIdMismatch | Error::IndirectObject { .. } => {
            "文件中的对象缺失或错位".into()
        }
        Error::ReferenceCycle(_) | Error::ReferenceLimit => "对象之间存在循环引用".into(),
        Error::Decompress(_) => "压缩的数据流无法解压".into(),
        Error::DictKey(k) => format!("缺少必需的条目“{k}”"),
        _ => "文件结构无法解析".into(),
    }
}

/// The `/Type` an object stream is given while lopdf loads the file, so that lopdf leaves it
/// packed for [`unpack_object_streams`].
const HELD: &[u8] = b"ObjStm held by nianbao-pdf";

/// lopdf's load filter: renames the type of object streams (see [`HELD`]); every object is kept.
/// lopdf keeps the object it passed in (changed in place) and only looks whether the answer is
/// `Some`, so the object is not copied back.
fn hold_object_streams(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object {
        if stream.dict.has_type(b"ObjStm") {
            stream.dict.set("Type", Object::Name(HELD.to_vec()));
        }
    }
    Some((id, Object::Null))
}

/// The objects of one object stream's decoded `data` (lopdf's reading, PDF 32000-1:2008
/// §7.5.7): the index of `number offset` pairs before `first`, each object parsed by lopdf from
/// its own slice (up to the next object's offset), so that no object is read twice or past its
/// end. An offset given twice keeps only its first object.
fn objects_of(data: &[u8], first: usize) -> Vec<(ObjectId, Object)> {
    let Some(index) = data.get(..first).and_then(|b| std::str::from_utf8(b).ok()) else { return Vec::new() };
    let numbers: Vec<Option<usize>> =
        index.split_whitespace().map(|n| n.parse::<u32>().ok().map(|v| v as usize)).collect();
    let pairs: Vec<(u32, usize)> = numbers
        .chunks_exact(2)
        .filter_map(|p| Some((u32::try_from(p[0]?).ok()?, first.checked_add(p[1]?)?)))
        .filter(|&(_, at)| at < data.len())
        .collect();
    let mut starts: Vec<usize> = pairs.iter().map(|&(_, at)| at).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (num, at) in pairs {
        if !seen.insert(at) {
            continue;
        }
        let end = starts.get(starts.partition_point(|&s| s <= at)).copied().unwrap_or(data.len());
        if let Some(object) = parse_slice(num, &data[at..end]) {
            out.push(((num, 0), object));
        }
    }
    out
}

/// One object parsed by lopdf from `slice` (through an object stream of that one object).
fn parse_slice(num: u32, slice: &[u8]) -> Option<Object> {
    let header = format!("{num} 0 ");
    let mut content = header.clone().into_bytes();
    content.extend_from_slice(slice);
    let mut one = Stream::new(dictionary! { "N" => 1, "First" => header.len() as i64 }, content);
    ObjectStream::new(&mut one).ok()?.objects.remove(&(num, 0))
}

/// Decodes one held object stream within the budget; `Ok(None)` when it cannot be decoded.
fn decode_object_stream(stream: &Stream, meter: &mut Meter) -> Result<Option<Vec<u8>>, Exceeded> {
    let room = meter.room(0);
    let left = meter.object_stream_left();
    match decode(stream, room.min(left)) {
        Ok(data) => {
            meter.decoded(data.len(), data.len(), "对象流")?;
            meter.object_stream(data.len())?;
            Ok(Some(data))
        }
        Err(DecodeError::TooLarge) if left < room => Err(Exceeded::ObjectStreamBytes),
        Err(DecodeError::TooLarge) => Err(meter.overflow(0, "对象流")),
        Err(DecodeError::Failed) => Ok(None),
    }
}

/// Unpacks the object streams lopdf was told to leave packed: as lopdf does, an object is taken
/// only when the cross-reference table puts it in that stream (or does not place it), and never
/// replaces an object already loaded.
fn unpack_object_streams(doc: &mut Document, meter: &mut Meter) -> Result<(), Exceeded> {
    let held: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| o.as_stream().is_ok_and(|s| s.dict.has_type(HELD)))
        .map(|(id, _)| *id)
        .collect();
    let mut unpacked: BTreeMap<ObjectId, Object> = BTreeMap::new();
    for id in held {
        let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) else { continue };
        stream.dict.set("Type", "ObjStm");
        let stream = &*stream;
        // lopdf needs both /First and /N to unpack a stream.
        let first = stream.dict.get(b"First").and_then(Object::as_i64).ok().and_then(|v| usize::try_from(v).ok());
        let Some(first) = first.filter(|_| stream.dict.has(b"N")) else { continue };
        let Some(data) = decode_object_stream(stream, meter)? else { continue };
        for (oid, object) in objects_of(&data, first) {
            let placed = match doc.reference_table.get(oid.0) {
                Some(XrefEntry::Compressed { container, .. }) => *container == id.0,
                _ => true,
            };
            if placed {
                unpacked.entry(oid).or_insert(object);
            }
        }
    }
    for (oid, object) in unpacked {
        doc.objects.entry(oid).or_insert(object);
    }
    Ok(())
}

/// Decrypts a document whose trailer's `/Encrypt` was hidden from lopdf (the names at `hidden`
/// in the file), as lopdf does when it loads an encrypted file: with the empty user password,
/// every object but the encryption dictionary. `Err(Encrypted)` when a password is needed.
fn decrypt(doc: &mut Document, hidden: &[Range<usize>]) -> Result<(), PdfError> {
    for name in hidden {
        if let Some(value) = doc.trailer.remove(&xref::hidden_name(name.len())) {
            doc.trailer.set("Encrypt", value);
        }
    }
    if !doc.trailer.has(b"Encrypt") {
        return Ok(());
    }
    doc.authenticate_password("").map_err(|_| PdfError::Encrypted)?;
    let state = EncryptionState::decode(&*doc, "").map_err(|_| PdfError::Encrypted)?;
    let dict_id = doc.trailer.get(b"Encrypt").and_then(Object::as_reference).ok();
    for (id, object) in doc.objects.iter_mut() {
        if Some(*id) != dict_id {
            // As lopdf: an object that cannot be decrypted is kept as it is.
            let _ = decrypt_object(&state, *id, object);
        }
    }
    if let Some(id) = dict_id {
        doc.objects.remove(&id);
    }
    doc.trailer.remove(b"Encrypt");
    doc.encryption_state = Some(state);
    Ok(())
}

/// Opens a PDF, telling apart not-a-PDF, truncated, encrypted and damaged files; its
/// cross-reference streams and object streams are decoded within the budget of `meter`.
pub fn open(bytes: &[u8], meter: &mut Meter) -> Result<Document, PdfError> {
    let head = &bytes[..bytes.len().min(HEADER_WINDOW)];
    if find(head, b"%PDF-").is_none() {
        return Err(PdfError::NotPdf);
    }
    let complete = is_complete(bytes);
    let chain = xref::read_chain(bytes, meter).map_err(|e| match e {
        ChainError::TooLarge(e) => PdfError::TooLarge { what: e.describe(meter.budget(), None) },
        ChainError::TooLong => PdfError::Damaged(format!("交叉引用表（xref）的分段超过 {} 个", xref::MAX_SECTIONS)),
    })?;
    xref::check_packed_lengths(bytes, &chain, meter)
        .map_err(|e| PdfError::TooLarge { what: e.describe(meter.budget(), None) })?;
    let hidden = chain.encrypt_names;
    let copy = (!hidden.is_empty()).then(|| xref::hide_encryption(bytes, &hidden));
    let options = LoadOptions { filter: Some(hold_object_streams), ..LoadOptions::default() };
    let mut doc = match Document::load_mem_with_options(copy.as_deref().unwrap_or(bytes), options) {
        Ok(doc) => doc,
        Err(
            Error::InvalidPassword | Error::Decryption(_) | Error::UnsupportedSecurityHandler(_) | Error::NotEncrypted,
        ) => return Err(PdfError::Encrypted),
        Err(_) if !complete => return Err(PdfError::Truncated),
        Err(e) => return Err(PdfError::Damaged(damage(&e))),
    };
    decrypt(&mut doc, &hidden)?;
    if doc.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    if !complete {
        return Err(PdfError::Truncated);
    }
    unpack_object_streams(&mut doc, meter)
        .map_err(|e| PdfError::TooLarge { what: e.describe(meter.budget(), None) })?;
    Ok(doc)
}
