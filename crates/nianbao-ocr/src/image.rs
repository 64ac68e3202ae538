//! Pictures as 8-bit gray pixels, and the decoders of the picture files reports come in.

use crate::{Budget, OcrError};
use nianbao_core::read::sniff::{picture_form, PictureForm};
use std::io::Cursor;

/// An 8-bit gray picture: one byte a pixel, row by row, 0 black, 255 white.
#[derive(Clone, PartialEq, Eq)]
pub struct Gray {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height` bytes.
    pub data: Vec<u8>,
}

impl std::fmt::Debug for Gray {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gray({}×{})", self.width, self.height)
    }
}

impl Gray {
    /// The picture as a binary PGM file (`P5`), the form both Tesseract and tesseract.js read
    /// without an encoder.
    pub fn pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.data);
        out
    }

    /// A picture from its pixels; `None` when `data` does not hold `width × height` bytes.
    pub fn new(width: u32, height: u32, data: Vec<u8>) -> Option<Gray> {
        (data.len() as u64 == u64::from(width) * u64::from(height)).then_some(Gray { width, height, data })
    }

    /// A white picture.
    pub fn white(width: u32, height: u32) -> Gray {
        Gray { width, height, data: vec![255; width as usize * height as usize] }
    }

    /// The pixel at (x, y); white outside the picture.
    pub fn at(&self, x: i64, y: i64) -> u8 {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return 255;
        }
        self.data[y as usize * self.width as usize + x as usize]
    }

    /// The part from (x0, y0) to (x1, y1) (exclusive), clipped to the picture.
    pub fn crop(&self, x0: u32, y0: u32, x1: u32, y1: u32) -> Gray {
        let (x1, y1) = (x1.min(self.width), y1.min(self.height));
        let (x0, y0) = (x0.min(x1), y0.min(y1));
        let w = (x1 - x0) as usize;
        let mut data = Vec::with_capacity(w * (y1 - y0) as usize);
        for y in y0..y1 {
            let start = y as usize * self.width as usize + x0 as usize;
            data.extend_from_slice(&self.data[start..start + w]);
        }
        Gray { width: x1 - x0, height: y1 - y0, data }
    }

    /// The picture with a white margin of `m` pixels on every side.
    pub fn pad(&self, m: u32) -> Gray {
        let mut out = Gray::white(self.width + 2 * m, self.height + 2 * m);
        for y in 0..self.height as usize {
            let to = (y + m as usize) * out.width as usize + m as usize;
            let from = y * self.width as usize;
            out.data[to..to + self.width as usize].copy_from_slice(&self.data[from..from + self.width as usize]);
        }
        out
    }

    /// The picture scaled by `factor` (bilinear).
    pub fn scale(&self, factor: f64) -> Gray {
        let w = ((f64::from(self.width) * factor).round() as u32).max(1);
        let h = ((f64::from(self.height) * factor).round() as u32).max(1);
        let mut out = Gray::white(w, h);
        for y in 0..h {
            let sy = (f64::from(y) + 0.5) / factor - 0.5;
            for x in 0..w {
                let sx = (f64::from(x) + 0.5) / factor - 0.5;
                out.data[y as usize * w as usize + x as usize] = self.bilinear(sx, sy);
            }
        }
        out
    }

    /// The picture with its background made white: every level scaled by 255 over the
    /// commonest light level (a shaded table row, a scan's gray paper), so that the recogniser's
    /// own threshold sees dark text on white. (Measured on the corpus scans against stretching
    /// the darkest level to black as well, and against a gamma either way: this reads as many
    /// cells right or more.)
    pub fn on_white(&self) -> Gray {
        let mut hist = [0u32; 256];
        for &p in &self.data {
            hist[p as usize] += 1;
        }
        let paper = (128..256).max_by_key(|&i| hist[i]).unwrap_or(255) as u32;
        if paper >= 250 {
            return self.clone();
        }
        let data = self.data.iter().map(|&p| (u32::from(p) * 255 / paper.max(1)).min(255) as u8).collect();
        Gray { width: self.width, height: self.height, data }
    }

    /// The gray value at a point between pixels (white outside).
    pub fn bilinear(&self, x: f64, y: f64) -> u8 {
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = (x - x0, y - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let p = |dx: i64, dy: i64| f64::from(self.at(x0 + dx, y0 + dy));
        let top = p(0, 0) * (1.0 - fx) + p(1, 0) * fx;
        let bottom = p(0, 1) * (1.0 - fx) + p(1, 1) * fx;
        (top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8
    }

    /// The picture turned by `degrees` (counter-clockwise as seen) about its centre, same size,
    /// white where nothing comes in.
    pub fn rotate(&self, degrees: f64) -> Gray {
        let (s, c) = degrees.to_radians().sin_cos();
        let (cx, cy) = (f64::from(self.width) / 2.0, f64::from(self.height) / 2.0);
        let mut out = Gray::white(self.width, self.height);
        for y in 0..self.height {
            let dy = f64::from(y) + 0.5 - cy;
            for x in 0..self.width {
                let dx = f64::from(x) + 0.5 - cx;
                // the source point that lands here (y grows downwards)
                let sx = c * dx - s * dy + cx - 0.5;
                let sy = s * dx + c * dy + cy - 0.5;
                out.data[y as usize * self.width as usize + x as usize] = self.bilinear(sx, sy);
            }
        }
        out
    }
}

/// Decodes a PNG, JPEG or TIFF file to gray pixels within `budget` (the size is checked before
/// the pixels are decoded).
pub fn decode_picture(bytes: &[u8], budget: &Budget) -> Result<Gray, OcrError> {
    match picture_form(bytes) {
        Some(PictureForm::Png) => decode_png(bytes, budget),
        Some(PictureForm::Jpeg) => decode_jpeg(bytes, budget),
        Some(PictureForm::Tiff) => decode_tiff(bytes, budget),
        None => Err(OcrError::NotPicture),
    }
}

/// Luma of an RGB pixel (ITU-R BT.601).
pub fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114 + 500) / 1000) as u8
}

/// Gray of one pixel of `channels` bytes: gray, gray+alpha, RGB, RGBA (alpha over white).
fn pixel_gray(px: &[u8]) -> u8 {
    let over_white = |v: u8, a: u8| ((u32::from(v) * u32::from(a) + 255 * (255 - u32::from(a)) + 127) / 255) as u8;
    match *px {
        [g] => g,
        [g, a] => over_white(g, a),
        [r, g, b] => luma(r, g, b),
        [r, g, b, a] => over_white(luma(r, g, b), a),
        _ => 255,
    }
}

fn to_gray(width: u32, height: u32, channels: usize, data: &[u8]) -> Result<Gray, OcrError> {
    let n = width as usize * height as usize;
    if channels == 0 || data.len() < n * channels {
        return Err(OcrError::Damaged("像素数据不完整".to_string()));
    }
    let data =
        if channels == 1 { data[..n].to_vec() } else { data.chunks_exact(channels).take(n).map(pixel_gray).collect() };
    Ok(Gray { width, height, data })
}

fn decode_png(bytes: &[u8], budget: &Budget) -> Result<Gray, OcrError> {
    let limits = png::Limits { bytes: (budget.pixels as usize).saturating_mul(8) };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let damaged = |_: png::DecodingError| OcrError::Damaged("PNG 数据不完整或不合格式，无法解码".to_string());
    let header = decoder.read_header_info().map_err(damaged)?;
    budget.check_size(header.width, header.height)?;
    let mut reader = decoder.read_info().map_err(damaged)?;
    let size = reader.output_buffer_size().ok_or_else(|| OcrError::Damaged("PNG 尺寸无效".to_string()))?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(damaged)?;
    let channels = info.color_type.samples();
    to_gray(info.width, info.height, channels, &buf[..info.buffer_size()])
}

/// Decodes a JPEG stream to gray pixels within `budget`.
pub fn decode_jpeg(bytes: &[u8], budget: &Budget) -> Result<Gray, OcrError> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(budget.side as usize)
        .set_max_height(budget.side as usize)
        .set_strict_mode(false);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    let damaged =
        |_: zune_jpeg::errors::DecodeErrors| OcrError::Damaged("JPEG 数据不完整或不合格式，无法解码".to_string());
    decoder.decode_headers().map_err(damaged)?;
    let (w, h) = decoder.dimensions().ok_or_else(|| OcrError::Damaged("JPEG 无尺寸".to_string()))?;
    budget.check_size(w as u32, h as u32)?;
    let pixels = decoder.decode().map_err(damaged)?;
    let channels = decoder.output_colorspace().map_or(1, |c| c.num_components());
    to_gray(w as u32, h as u32, channels, &pixels)
}

fn decode_tiff(bytes: &[u8], budget: &Budget) -> Result<Gray, OcrError> {
    use tiff::decoder::{Decoder, DecodingResult, Limits};
    use tiff::ColorType;
    let damaged = |_: tiff::TiffError| OcrError::Damaged("TIFF 数据不完整或不合格式，无法解码".to_string());
    let mut limits = Limits::default();
    limits.decoding_buffer_size = (budget.pixels as usize).saturating_mul(8);
    let mut decoder = Decoder::new(Cursor::new(bytes)).map_err(damaged)?.with_limits(limits);
    let (w, h) = decoder.dimensions().map_err(damaged)?;
    budget.check_size(w, h)?;
    let colour = decoder.colortype().map_err(damaged)?;
    let image = decoder.read_image().map_err(damaged)?;
    let (channels, bits) = match colour {
        ColorType::Gray(b) => (1, b),
        ColorType::GrayA(b) => (2, b),
        ColorType::RGB(b) => (3, b),
        ColorType::RGBA(b) => (4, b),
        other => return Err(OcrError::Damaged(format!("TIFF 颜色类型 {other:?} 不受支持"))),
    };
    let samples: Vec<u8> = match image {
        DecodingResult::U8(v) if bits == 8 => v,
        DecodingResult::U8(v) if bits == 1 && channels == 1 => {
            // bilevel: rows padded to whole bytes, 0 = white unless the file says otherwise
            let row = (w as usize).div_ceil(8);
            let white_is_zero = !matches!(decoder.get_tag_u32(tiff::tags::Tag::PhotometricInterpretation), Ok(1));
            let mut out = Vec::with_capacity(w as usize * h as usize);
            for y in 0..h as usize {
                for x in 0..w as usize {
                    let bit = v.get(y * row + x / 8).map_or(0, |b| (b >> (7 - x % 8)) & 1);
                    let black = if white_is_zero { bit == 1 } else { bit == 0 };
                    out.push(if black { 0 } else { 255 });
                }
            }
            return Gray::new(w, h, out).ok_or_else(|| OcrError::Damaged("TIFF 像素数据不完整".to_string()));
        }
        DecodingResult::U16(v) => v.into_iter().map(|s| (s >> 8) as u8).collect(),
        _ => return Err(OcrError::Damaged(format!("TIFF 位深 {bits} 不受支持"))),
    };
    to_gray(w, h, channels, &samples)
}
