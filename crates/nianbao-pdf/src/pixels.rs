//! A picture's pixels out of its image XObject (PDF 32000-1:2008 §8.9): the stream decoded
//! through its filters within the [`Budget`](crate::Budget), and its samples — whatever their
//! colour space, bit depth, `/Decode` array or palette — made 8-bit gray; a JPEG is given as it is
//! stored. What cannot be taken (JPEG 2000, JBIG2, a colour space or filter not known here, data
//! cut short) is refused with the reason, in Chinese.

use crate::budget::{Exceeded, Meter};
use crate::decode::{decode_data, inflate, un85, unhex, unlzw, unpredict_samples, unrunlength, DecodeError};
use crate::font::{entry, resolve};
use crate::interp::number;
use crate::picture::Pixels;
use lopdf::{Dictionary, Document, Object, Stream};

/// The most characters of a name from the file put in a message.
const MAX_NAME: usize = 32;
/// The most bytes an `/Indexed` palette given as a stream may decode to (256 entries of at most
/// four components, and room for what a writer pads).
const MAX_PALETTE: usize = 4096;

/// Why a picture was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// What is wrong with the picture, to follow “第N页的图片”: "为 JPEG 2000 格式，无法识别".
    Format(String),
    /// A limit of the budget.
    Limit(Exceeded),
}

/// A picture taken out of its stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The pixels.
    pub pixels: Pixels,
}

fn format(why: impl Into<String>) -> Refusal {
    Refusal::Format(why.into())
}

/// A name from the file as it may be shown: at most [`MAX_NAME`] characters.
fn shown(name: &[u8]) -> String {
    String::from_utf8_lossy(name).chars().take(MAX_NAME).collect()
}

/// A positive whole dimension (`/Width`, `/Height`) that fits 32 bits.
fn dimension(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<u32> {
    let v = entry(doc, dict, key)?.as_i64().ok()?;
    u32::try_from(v).ok().filter(|&v| v > 0)
}

/// The colour space of the samples, as far as gray needs it.
#[derive(Debug, Clone, PartialEq)]
enum Space {
    /// One component, 0 black to 1 white (DeviceGray, CalGray, ICCBased /N 1).
    Gray,
    /// Red, green, blue (DeviceRGB, CalRGB, ICCBased /N 3).
    Rgb,
    /// Cyan, magenta, yellow, black (DeviceCMYK, ICCBased /N 4).
    Cmyk,
    /// L*, a*, b*: the lightness alone is taken (0 to 100).
    Lab,
    /// One colorant's tint, 0 none (white) to 1 full (dark).
    Separation,
    /// Indices into a palette, each entry's gray already worked out.
    Indexed(Vec<u8>),
}

impl Space {
    fn components(&self) -> usize {
        match self {
            Space::Gray | Space::Separation | Space::Indexed(_) => 1,
            Space::Rgb | Space::Lab => 3,
            Space::Cmyk => 4,
        }
    }

    /// The `/Decode` array a picture in this space has when it gives none, for `bits` bits.
    fn default_decode(&self, bits: u32) -> Vec<f64> {
        match self {
            Space::Indexed(_) => vec![0.0, f64::from((1u32 << bits.min(8)) - 1)],
            Space::Lab => vec![0.0, 100.0, -100.0, 100.0, -100.0, 100.0],
            s => [0.0, 1.0].repeat(s.components()),
        }
    }

    /// The gray (0 black to 1 white) of decoded component values `v`.
    fn gray(&self, v: &[f64]) -> f64 {
        let at = |i: usize| v.get(i).copied().unwrap_or(0.0).clamp(0.0, 1.0);
        let luma = |r: f64, g: f64, b: f64| 0.299 * r + 0.587 * g + 0.114 * b;
        match self {
            Space::Gray => at(0),
            Space::Rgb => luma(at(0), at(1), at(2)),
            Space::Cmyk => {
                let k = 1.0 - at(3);
                luma((1.0 - at(0)) * k, (1.0 - at(1)) * k, (1.0 - at(2)) * k)
            }
            Space::Lab => (v.first().copied().unwrap_or(0.0) / 100.0).clamp(0.0, 1.0),
            Space::Separation => 1.0 - at(0),
            Space::Indexed(palette) => {
                let i = v.first().copied().unwrap_or(0.0).round().max(0.0) as usize;
                f64::from(palette.get(i).or(palette.last()).copied().unwrap_or(0)) / 255.0
            }
        }
    }
}

/// The colour space `o` names or describes; `depth` bounds the nesting of an Indexed base or an
/// ICCBased alternate.
fn space(doc: &Document, o: &Object, depth: usize, meter: &mut Meter) -> Result<Space, Refusal> {
    let unknown = |name: &[u8]| format(format!("色彩空间（{}）不支持，无法识别", shown(name)));
    let o = resolve(doc, o).ok_or_else(|| format("色彩空间无法读取，无法识别"))?;
    let (name, args): (&[u8], &[Object]) = match o {
        Object::Name(n) => (n, &[]),
        Object::Array(a) => match a.split_first() {
            Some((first, rest)) => (
                resolve(doc, first)
                    .and_then(|f| f.as_name().ok())
                    .ok_or_else(|| format("色彩空间无法读取，无法识别"))?,
                rest,
            ),
            None => return Err(format("色彩空间无法读取，无法识别")),
        },
        _ => return Err(format("色彩空间无法读取，无法识别")),
    };
    let arg = |i: usize| args.get(i).and_then(|o| resolve(doc, o));
    match name {
        b"DeviceGray" | b"CalGray" | b"G" => Ok(Space::Gray),
        b"DeviceRGB" | b"CalRGB" | b"RGB" => Ok(Space::Rgb),
        b"DeviceCMYK" | b"CMYK" => Ok(Space::Cmyk),
        b"Lab" => Ok(Space::Lab),
        b"Separation" => Ok(Space::Separation),
        b"ICCBased" => {
            let dict = match arg(0) {
                Some(Object::Stream(s)) => &s.dict,
                Some(Object::Dictionary(d)) => d,
                _ => return Err(format("色彩空间（ICCBased）无法读取，无法识别")),
            };
            match entry(doc, dict, b"N").and_then(|o| o.as_i64().ok()) {
                Some(1) => Ok(Space::Gray),
                Some(3) => Ok(Space::Rgb),
                Some(4) => Ok(Space::Cmyk),
                _ => match entry(doc, dict, b"Alternate") {
                    Some(alt) if depth > 0 => space(doc, alt, depth - 1, meter),
                    _ => Err(format("色彩空间（ICCBased）分量数无效，无法识别")),
                },
            }
        }
        b"Indexed" | b"I" if depth > 0 => {
            let base = space(doc, arg(0).ok_or_else(|| unknown(name))?, depth - 1, meter)?;
            if matches!(base, Space::Indexed(_)) {
                return Err(unknown(name));
            }
            let hival = arg(1).and_then(number).ok_or_else(|| unknown(name))?.clamp(0.0, 255.0) as usize;
            let n = base.components();
            let table: Vec<u8> = match arg(2) {
                Some(Object::String(bytes, _)) => bytes.clone(),
                Some(Object::Stream(s)) => {
                    let data = decode_data(&s.dict, &s.content, MAX_PALETTE)
                        .map_err(|_| format("调色板（Indexed）无法读取，无法识别"))?;
                    meter.picture_bytes(data.len()).map_err(Refusal::Limit)?;
                    data
                }
                _ => return Err(format("调色板（Indexed）无法读取，无法识别")),
            };
            let range = base.default_decode(8);
            let palette = (0..=hival)
                .map(|i| {
                    let v: Vec<f64> = (0..n)
                        .map(|c| {
                            let byte = table.get(i * n + c).copied().unwrap_or(0);
                            let (lo, hi) = (range[2 * c], range[2 * c + 1]);
                            lo + f64::from(byte) / 255.0 * (hi - lo)
                        })
                        .collect();
                    (base.gray(&v) * 255.0).round() as u8
                })
                .collect();
            Ok(Space::Indexed(palette))
        }
        other => Err(unknown(other)),
    }
}

/// A filter's name and its `/DecodeParms`.
type Step<'a> = (&'a [u8], Option<&'a Dictionary>);

/// The picture's filters in decoding order, each with its `/DecodeParms`.
fn filters<'a>(doc: &'a Document, dict: &'a Dictionary) -> Result<Vec<Step<'a>>, Refusal> {
    let bad = || format("压缩方式（Filter）无法读取，无法识别");
    let names: Vec<&[u8]> = match entry(doc, dict, b"Filter") {
        None | Some(Object::Null) => Vec::new(),
        Some(Object::Name(n)) => vec![n.as_slice()],
        Some(Object::Array(items)) => items
            .iter()
            .map(|o| resolve(doc, o).and_then(|o| o.as_name().ok()))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(bad)?,
        Some(_) => return Err(bad()),
    };
    let params: Vec<Option<&Dictionary>> = match entry(doc, dict, b"DecodeParms") {
        Some(Object::Dictionary(d)) => vec![Some(d)],
        Some(Object::Array(items)) => items.iter().map(|o| resolve(doc, o).and_then(|o| o.as_dict().ok())).collect(),
        _ => Vec::new(),
    };
    Ok(names.into_iter().enumerate().map(|(i, n)| (n, params.get(i).copied().flatten())).collect())
}

/// The data through the filters that come before the last step (all of `steps`), each step held
/// to `limit` bytes.
fn run(steps: &[Step<'_>], content: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let mut data: Option<Vec<u8>> = None;
    for &(filter, params) in steps {
        let input = data.as_deref().unwrap_or(content);
        data = Some(match filter {
            b"FlateDecode" | b"Fl" => unpredict_samples(inflate(input, limit)?, params)?,
            b"LZWDecode" | b"LZW" => unpredict_samples(unlzw(input, params, limit)?, params)?,
            b"ASCII85Decode" | b"A85" => un85(input, limit)?,
            b"ASCIIHexDecode" | b"AHx" => unhex(input, limit)?,
            b"RunLengthDecode" | b"RL" => unrunlength(input, limit)?,
            _ => return Err(DecodeError::Failed),
        });
    }
    match data {
        Some(d) => Ok(d),
        None if content.len() > limit => Err(DecodeError::TooLarge),
        None => Ok(content.to_vec()),
    }
}

/// The stream's data through `steps`, charged to `meter` as a picture's.
fn decode_steps(steps: &[Step<'_>], stream: &Stream, meter: &mut Meter) -> Result<Vec<u8>, Refusal> {
    match run(steps, &stream.content, meter.picture_room()) {
        Ok(data) => {
            meter.picture_bytes(data.len()).map_err(Refusal::Limit)?;
            Ok(data)
        }
        Err(DecodeError::TooLarge) => Err(Refusal::Limit(meter.picture_overflow())),
        Err(DecodeError::Failed) => Err(format("数据已损坏，无法解压")),
    }
}

/// A filter that ends the chain: the picture's own format.
fn is_format(filter: &[u8]) -> bool {
    matches!(filter, b"DCTDecode" | b"DCT" | b"CCITTFaxDecode" | b"CCF" | b"JPXDecode" | b"JBIG2Decode")
}

/// Takes the pixels of the image XObject `stream` (whose width × height was not yet checked),
/// charging `meter`: the picture counted, its decoded bytes and its gray pixels.
pub fn take(doc: &Document, stream: &Stream, meter: &mut Meter) -> Result<Taken, Refusal> {
    let dict = &stream.dict;
    let (Some(width), Some(height)) = (dimension(doc, dict, b"Width"), dimension(doc, dict, b"Height")) else {
        return Err(format("宽度或高度无效，无法识别"));
    };
    let steps = filters(doc, dict)?;
    for &(filter, _) in &steps {
        match filter {
            b"JPXDecode" => return Err(format("为 JPEG 2000 格式（JPXDecode），无法识别")),
            b"JBIG2Decode" => return Err(format("为 JBIG2 格式（JBIG2Decode），无法识别")),
            b"FlateDecode" | b"Fl" | b"LZWDecode" | b"LZW" | b"ASCII85Decode" | b"A85" | b"ASCIIHexDecode" | b"AHx"
            | b"RunLengthDecode" | b"RL" | b"DCTDecode" | b"DCT" | b"CCITTFaxDecode" | b"CCF" => {}
            other => return Err(format(format!("使用了不支持的压缩方式（{}），无法识别", shown(other)))),
        }
    }
    let last = steps.last().map(|&(f, _)| f).filter(|f| is_format(f));
    let before = &steps[..steps.len() - usize::from(last.is_some())];
    if before.iter().any(|&(f, _)| is_format(f)) {
        return Err(format("压缩方式（Filter）次序无效，无法识别"));
    }
    let pixels = usize::try_from(u64::from(width) * u64::from(height)).unwrap_or(usize::MAX);
    if matches!(last, Some(b"DCTDecode" | b"DCT")) {
        meter.picture(pixels).map_err(Refusal::Limit)?;
        let jpeg = decode_steps(before, stream, meter)?;
        return Ok(Taken { width, height, pixels: Pixels::Jpeg(jpeg) });
    }
    let mask = entry(doc, dict, b"ImageMask").and_then(|o| o.as_bool().ok()).unwrap_or(false);
    let ccitt = last.is_some();
    let space = if mask {
        Space::Gray
    } else {
        match entry(doc, dict, b"ColorSpace") {
            Some(cs) => space(doc, cs, 2, meter)?,
            // A bilevel picture without a colour space (a fax) is read as gray.
            None if ccitt => Space::Gray,
            None => return Err(format("没有色彩空间（ColorSpace），无法识别")),
        }
    };
    let bits = if mask || ccitt {
        1
    } else {
        match entry(doc, dict, b"BitsPerComponent").and_then(|o| o.as_i64().ok()) {
            Some(b @ (1 | 2 | 4 | 8 | 16)) => b as u32,
            Some(b) => return Err(format(format!("每分量位数（{b}）无效，无法识别"))),
            None => return Err(format("没有每分量位数（BitsPerComponent），无法识别")),
        }
    };
    if ccitt && space.components() != 1 {
        return Err(format("色彩空间与传真格式（CCITTFaxDecode）不符，无法识别"));
    }
    meter.picture(pixels).map_err(Refusal::Limit)?;
    let n = space.components();
    let row_bits = u64::from(width) * n as u64 * u64::from(bits);
    let row = usize::try_from(row_bits.div_ceil(8)).unwrap_or(usize::MAX);
    let expected = row.saturating_mul(height as usize);
    let data = decode_steps(before, stream, meter)?;
    let data = match last {
        Some(_) => {
            let params = steps.last().and_then(|&(_, p)| p);
            let room = meter.picture_room();
            if expected > room {
                return Err(Refusal::Limit(meter.picture_overflow()));
            }
            let out = unfax(&data, params, width, height)?;
            meter.picture_bytes(out.len()).map_err(Refusal::Limit)?;
            out
        }
        None => data,
    };
    if data.len() < expected {
        return Err(format(format!("数据不完整（应有 {expected} 字节，只有 {} 字节），无法识别", data.len())));
    }
    let decode: Option<Vec<f64>> = entry(doc, dict, b"Decode")
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.iter().map(|o| resolve(doc, o).and_then(number)).collect::<Option<Vec<f64>>>())
        .filter(|d| d.len() >= 2 * n);
    let gray = if mask {
        // Painted samples (0 unless /Decode is [1 0]) are black, the others let the page show.
        let painted = u8::from(decode.as_ref().is_some_and(|d| d[0] > d[1]));
        to_gray(&data, width, height, row, 1, 1, meter, |v| if v[0] == painted { 0 } else { 255 })?
    } else if bits == 8 && n == 1 && space == Space::Gray && decode.as_ref().is_none_or(|d| d[..2] == [0.0, 1.0]) {
        // Already what is wanted: one byte a pixel, rows without padding.
        let mut data = data;
        data.truncate(expected);
        data
    } else {
        let d = decode.unwrap_or_else(|| space.default_decode(bits));
        // Each component's decoded value for each sample value (16-bit samples by their high
        // byte).
        let max = f64::from((1u32 << bits.min(8)) - 1);
        let luts: Vec<Vec<f64>> = (0..n)
            .map(|c| (0..=max as usize).map(|s| d[2 * c] + s as f64 * (d[2 * c + 1] - d[2 * c]) / max).collect())
            .collect();
        let mut values = vec![0.0; n];
        to_gray(&data, width, height, row, n, bits, meter, |samples| {
            for (c, v) in values.iter_mut().enumerate() {
                *v = luts[c][usize::from(samples[c])];
            }
            (space.gray(&values) * 255.0).round() as u8
        })?
    };
    Ok(Taken { width, height, pixels: Pixels::Gray(gray) })
}

/// One byte a pixel from rows of `row` bytes of `n` samples of `bits` bits each, through
/// `pixel` (given each sample, 16-bit ones by their high byte); the bytes are charged to `meter`.
#[allow(clippy::too_many_arguments)]
fn to_gray(
    data: &[u8],
    width: u32,
    height: u32,
    row: usize,
    n: usize,
    bits: u32,
    meter: &mut Meter,
    mut pixel: impl FnMut(&[u8]) -> u8,
) -> Result<Vec<u8>, Refusal> {
    let (w, h) = (width as usize, height as usize);
    let total = w.saturating_mul(h);
    meter.picture_bytes(total).map_err(Refusal::Limit)?;
    let mut out = Vec::with_capacity(total);
    let mut samples = vec![0u8; n];
    let bits = bits as usize;
    for r in data.chunks(row.max(1)).take(h) {
        for x in 0..w {
            for (c, s) in samples.iter_mut().enumerate() {
                let i = x * n + c;
                *s = match bits {
                    8 => r.get(i).copied().unwrap_or(0),
                    16 => r.get(2 * i).copied().unwrap_or(0),
                    _ => {
                        let bit = i * bits;
                        let byte = r.get(bit / 8).copied().unwrap_or(0);
                        (byte >> (8 - bits - bit % 8)) & ((1u16 << bits) - 1) as u8
                    }
                };
            }
            out.push(pixel(&samples));
        }
    }
    out.resize(total, 255);
    Ok(out)
}

/// `CCITTFaxDecode` (Group 4, or Group 3 one-dimensional with end-of-line codes) into rows of
/// one bit a pixel, as the filter gives them: 0 black unless `/BlackIs1`.
fn unfax(data: &[u8], params: Option<&Dictionary>, width: u32, height: u32) -> Result<Vec<u8>, Refusal> {
    let int = |key: &[u8], default: i64| {
        params.and_then(|p| p.get(key).ok()).and_then(|o| o.as_i64().ok()).unwrap_or(default)
    };
    let flag = |key: &[u8]| params.and_then(|p| p.get(key).ok()).and_then(|o| o.as_bool().ok()).unwrap_or(false);
    let k = int(b"K", 0);
    if k > 0 {
        return Err(format("为 CCITT 传真格式的一维、二维混合编码（K>0），无法识别"));
    }
    if flag(b"EncodedByteAlign") {
        return Err(format("为按字节对齐的 CCITT 传真格式（EncodedByteAlign），无法识别"));
    }
    if int(b"Columns", 1728) != i64::from(width) {
        return Err(format("传真格式宽度（Columns）与图片宽度不符，无法识别"));
    }
    let (Ok(w), Ok(h)) = (u16::try_from(width), u16::try_from(height)) else {
        return Err(format("传真格式宽高超过 65535 像素，无法识别"));
    };
    let black_is_1 = flag(b"BlackIs1");
    let row = usize::from(w).div_ceil(8);
    let mut out = vec![if black_is_1 { 0 } else { 0xFF }; row * usize::from(h)];
    let mut y = 0usize;
    let mut line = |transitions: &[u16]| {
        if let Some(r) = out.get_mut(y * row..(y + 1) * row) {
            for (x, color) in fax::decoder::pels(transitions, w).enumerate() {
                let black = color == fax::Color::Black;
                let bit = 0x80u8 >> (x % 8);
                if black == black_is_1 {
                    r[x / 8] |= bit;
                } else {
                    r[x / 8] &= !bit;
                }
            }
        }
        y += 1;
    };
    let done = if k < 0 {
        fax::decoder::decode_g4(data.iter().copied(), w, Some(h), &mut line)
    } else {
        fax::decoder::decode_g3(data.iter().copied(), &mut line)
    };
    if done.is_none() || y == 0 {
        return Err(format("为 CCITT 传真格式，数据无法解码，无法识别"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Budget;
    use lopdf::dictionary;

    fn take_one(dict: Dictionary, content: Vec<u8>) -> Result<Taken, Refusal> {
        let doc = Document::with_version("1.5");
        let mut meter = Meter::new(Budget::default());
        take(&doc, &Stream::new(dict, content), &mut meter)
    }

    fn gray(t: Result<Taken, Refusal>) -> Vec<u8> {
        match t.expect("taken").pixels {
            Pixels::Gray(g) => g,
            p => panic!("{p:?}"),
        }
    }

    #[test]
    fn gray_rgb_cmyk_and_sixteen_bits() {
        let g = dictionary! { "Width" => 2, "Height" => 1, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 };
        assert_eq!(gray(take_one(g, vec![0, 200, 7])), [0, 200]);
        let rgb = dictionary! { "Width" => 2, "Height" => 1, "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8 };
        assert_eq!(gray(take_one(rgb, vec![255, 0, 0, 255, 255, 255])), [76, 255]);
        let cmyk = dictionary! { "Width" => 2, "Height" => 1, "ColorSpace" => "DeviceCMYK", "BitsPerComponent" => 8 };
        assert_eq!(gray(take_one(cmyk, vec![0, 0, 0, 255, 0, 0, 0, 0])), [0, 255]);
        let g16 = dictionary! { "Width" => 2, "Height" => 1, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 16 };
        assert_eq!(gray(take_one(g16, vec![0x80, 0, 0xFF, 0xFF])), [128, 255]);
    }

    #[test]
    fn rows_of_two_bits_are_padded_to_a_byte_and_decode_inverts() {
        let dict = dictionary! {
            "Width" => 3, "Height" => 2, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 2,
            "Decode" => vec![1.into(), 0.into()],
        };
        // 00 01 11 | padding, then 11 10 00.
        assert_eq!(gray(take_one(dict, vec![0b0001_1100, 0b1110_0000])), [255, 170, 0, 0, 85, 255]);
    }

    #[test]
    fn short_data_and_unknown_formats_are_refused() {
        let dict = dictionary! { "Width" => 4, "Height" => 4, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 };
        assert_eq!(
            take_one(dict, vec![0; 15]),
            Err(Refusal::Format("数据不完整（应有 16 字节，只有 15 字节），无法识别".into()))
        );
        let jbig2 = dictionary! { "Width" => 4, "Height" => 4, "Filter" => "JBIG2Decode", "BitsPerComponent" => 1 };
        assert_eq!(take_one(jbig2, vec![]), Err(Refusal::Format("为 JBIG2 格式（JBIG2Decode），无法识别".into())));
        let lab = dictionary! { "Width" => 1, "Height" => 1, "ColorSpace" => "Pattern", "BitsPerComponent" => 8 };
        assert_eq!(take_one(lab, vec![0]), Err(Refusal::Format("色彩空间（Pattern）不支持，无法识别".into())));
    }

    #[test]
    fn a_group_4_fax_is_decoded() {
        // Two rows of 16 pixels: white, then 8 black and 8 white.
        let rows = [[fax::Color::White; 16], {
            let mut r = [fax::Color::White; 16];
            r[..8].fill(fax::Color::Black);
            r
        }];
        let mut encoder = fax::encoder::Encoder::new(fax::VecWriter::new());
        for r in &rows {
            encoder.encode_line(r.iter().copied(), 16).expect("encode");
        }
        let data = encoder.finish().expect("finish").finish();
        let dict = dictionary! {
            "Width" => 16, "Height" => 2, "ImageMask" => true, "Filter" => "CCITTFaxDecode",
            "DecodeParms" => dictionary! { "K" => -1, "Columns" => 16 },
        };
        let g = gray(take_one(dict, data));
        assert_eq!(&g[..16], &[255; 16]);
        assert_eq!(&g[16..24], &[0; 8]);
        assert_eq!(&g[24..], &[255; 8]);
    }
}
