//! The work one picture may take.

/// Limits on the work of reading one picture: a scan is a big image, and a file can claim
/// billions of pixels in a few bytes. Sized far above a 300 dpi A4 page (8.7 million pixels,
/// about two hundred table cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Pixels one picture may have (width × height), checked before it is decoded.
    pub pixels: u64,
    /// Width or height one picture may have, in pixels.
    pub side: u32,
    /// Table cells one picture may hold (each is recognised on its own).
    pub cells: usize,
    /// Ink fragments (connected components) one picture may hold: noise beyond this is not a page.
    pub components: usize,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget { pixels: 64_000_000, side: 20_000, cells: 5_000, components: 400_000 }
    }
}

impl Budget {
    /// Checks a picture's claimed size against the budget before anything is decoded.
    pub fn check_size(&self, width: u32, height: u32) -> Result<(), crate::OcrError> {
        if width == 0 || height == 0 {
            return Err(crate::OcrError::Damaged(format!("图片尺寸为 {width}×{height} 像素")));
        }
        if width > self.side || height > self.side || u64::from(width) * u64::from(height) > self.pixels {
            return Err(crate::OcrError::TooLarge {
                what: format!(
                    "图片为 {width}×{height} 像素，超过单张 {} 万像素、边长 {} 像素的上限",
                    self.pixels / 10_000,
                    self.side
                ),
            });
        }
        Ok(())
    }
}
