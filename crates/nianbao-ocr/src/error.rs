//! Why a picture could not be read.

use std::fmt;

/// Why a picture, or the text in it, could not be read. Every message is Chinese and says what
/// is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OcrError {
    /// The bytes are not a picture in a form read here (PNG, JPEG, TIFF).
    NotPicture,
    /// The picture's data is damaged: what its decoder said, in Chinese.
    Damaged(String),
    /// Reading the picture would take more than the [`Budget`](crate::Budget) allows.
    TooLarge {
        /// Which limit was passed, in Chinese.
        what: String,
    },
    /// The recogniser (Tesseract natively, tesseract.js in the browser) is missing or failed:
    /// what to install or what it said, in Chinese.
    Recogniser(String),
}

impl fmt::Display for OcrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OcrError::NotPicture => f.write_str("不是可识别的图片（支持 PNG、JPEG、TIFF）"),
            OcrError::Damaged(why) => write!(f, "图片已损坏：{why}"),
            OcrError::TooLarge { what } => write!(f, "图片超出识别限额：{what}"),
            OcrError::Recogniser(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for OcrError {}
