//! Decoding a file with encoding_rs: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern),
//! GBK/GB18030 or a declared charset; refusing bytes that are not text (see [`super::sniff`]).
//! A file with a few damaged bytes is read, and the damage is said with its byte offsets.

use super::sniff::{declared_charset, mostly_controls, sniff, Sniff};
use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// Text decoded from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text; each undecodable byte sequence is U+FFFD.
    pub text: String,
    /// The encoding used ("UTF-8", "gb18030", "UTF-16LE", …).
    pub encoding: &'static str,
    /// The byte offsets (from the start of the file) of the sequences that could not be decoded.
    pub damaged: Vec<usize>,
    /// A trailing odd byte of a UTF-16 file was left out.
    pub odd_byte: bool,
}

impl Decoded {
    /// The damage in one Chinese sentence, None when the file decoded cleanly.
    pub fn damage_note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.damaged.is_empty() {
            let at: Vec<String> = self.damaged.iter().take(5).map(|o| format!("第 {o} 字节")).collect();
            let more = if self.damaged.len() > 5 { " 等" } else { "" };
            parts.push(format!(
                "文件按 {} 编码读取时有 {} 处字节无法解码（{}{more}），已显示为“\u{FFFD}”，其余内容照常读取",
                self.encoding,
                self.damaged.len(),
                at.join("、")
            ));
        }
        if self.odd_byte {
            parts.push("UTF-16 文件的字节数为奇数，末尾多出的 1 个字节未读取".to_string());
        }
        (!parts.is_empty()).then(|| parts.join("；"))
    }
}

/// At most this many damaged sequences, and at most one byte in 200, are read past.
const MAX_DAMAGE: usize = 16;

/// Decodes bytes to text, detecting the encoding. The error says, in Chinese, why the bytes are
/// not text.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    decode_report(bytes).map(|d| d.text)
}

/// Like [`decode`], also naming the encoding found ("UTF-8", "gb18030", "UTF-16LE", …).
pub fn decode_with_name(bytes: &[u8]) -> Result<(String, &'static str), String> {
    decode_report(bytes).map(|d| (d.text, d.encoding))
}

/// Decodes bytes, reading past a little damage (see [`Decoded::damage_note`]).
pub fn decode_report(bytes: &[u8]) -> Result<Decoded, String> {
    let utf16 = |enc: &'static Encoding, body: &[u8], offset: usize| {
        let odd_byte = body.len() % 2 == 1;
        let body = &body[..body.len() - usize::from(odd_byte)];
        let mut d = decode_counting(enc, body, offset);
        d.odd_byte = odd_byte;
        accept(d)
    };
    match sniff(bytes) {
        Sniff::Refuse(why) => Err(why),
        Sniff::Utf8Bom => accept(decode_counting(UTF_8, &bytes[3..], 3)),
        Sniff::Utf16Le { bom } => utf16(UTF_16LE, &bytes[if bom { 2 } else { 0 }..], if bom { 2 } else { 0 }),
        Sniff::Utf16Be { bom } => utf16(UTF_16BE, &bytes[if bom { 2 } else { 0 }..], if bom { 2 } else { 0 }),
        Sniff::Bytes => {
            if let Ok(s) = std::str::from_utf8(bytes) {
                return accept(Decoded {
                    text: s.to_string(),
                    encoding: UTF_8.name(),
                    damaged: Vec::new(),
                    odd_byte: false,
                });
            }
            // UTF-8 with a few damaged bytes: its text is mostly valid multi-byte characters
            let utf8 = decode_counting(UTF_8, bytes, 0);
            let wide = utf8.text.chars().filter(|c| !c.is_ascii() && *c != '\u{FFFD}').count();
            if utf8.damaged.len() <= MAX_DAMAGE && wide >= 20 * utf8.damaged.len() {
                return accept(utf8);
            }
            // a declared multi-byte charset first (Big5, GBK…); a declared UTF-16 or single-byte
            // Latin charset in a page of Chinese text is a wrong label: GB18030 before it
            let declared = declared_charset(bytes).and_then(|l| Encoding::for_label(l.as_bytes()));
            let mut order: Vec<&'static Encoding> = Vec::new();
            if let Some(enc) = declared.filter(multi_byte) {
                order.push(enc);
            }
            order.push(GB18030);
            if let Some(enc) = declared.filter(|e| !multi_byte(e) && !is_utf16(e)) {
                order.push(enc);
            }
            let mut tries: Vec<Decoded> = order.into_iter().map(|enc| decode_counting(enc, bytes, 0)).collect();
            tries.push(utf8);
            // of the clean readings, the one that reads most like a Chinese report (GBK bytes
            // also decode cleanly, as nonsense, under a wrong Big5 label)
            if let Some(clean) = tries.iter().filter(|d| d.damaged.is_empty()).max_by_key(|d| common_chars(&d.text)) {
                return accept(clean.clone());
            }
            let best = tries.into_iter().min_by_key(|d| d.damaged.len()).expect("at least GB18030 was tried");
            if best.damaged.len() <= MAX_DAMAGE && best.damaged.len() * 200 <= bytes.len() {
                return accept(best);
            }
            Err(format!(
                "既不是有效的 UTF-8，也不是有效的 GBK/GB18030 文本：按 {} 读取，第 {} 字节起有 {} 处以上无法解码（文件可能已损坏，或使用了其他编码）",
                best.encoding,
                best.damaged[0],
                best.damaged.len()
            ))
        }
    }
}

/// Frequent characters of simplified Chinese and of these reports.
const COMMON: &str = "的一是在不了有和人这中大为上个国以要时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又么利比或但质气第向道命此变条只没结解问意建月公无系很情者最立代想已通并提直题程展五果料员位入常文总次品式活设及管特件长求老基资边流路级少图山统接知较将组见计别手角期根论运指几九区强放决被干做必先回则任取据处府信息申请报告况";

/// How many characters of a text are among [`COMMON`].
fn common_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_ascii() && COMMON.contains(*c)).count()
}

fn multi_byte(e: &&'static Encoding) -> bool {
    !e.is_single_byte() && !is_utf16(e) && *e != UTF_8
}

fn is_utf16(e: &&'static Encoding) -> bool {
    *e == UTF_16LE || *e == UTF_16BE
}

/// Refuses text that is mostly control characters (binary decoded as text), and text whose
/// damage is more than a little.
fn accept(d: Decoded) -> Result<Decoded, String> {
    if mostly_controls(&d.text) {
        return Err("内容大多是控制字符，不是文本".to_string());
    }
    if d.damaged.len() > MAX_DAMAGE || d.damaged.len() * 200 > d.text.len().max(1) {
        let first = d.damaged.first().copied().unwrap_or(0);
        return Err(format!(
            "文件按 {} 编码读取时，第 {first} 字节起有 {} 处以上无法解码，文件可能已损坏",
            d.encoding,
            d.damaged.len()
        ));
    }
    Ok(d)
}

/// Decodes with replacement, recording where each malformed sequence starts (stopping the count
/// past what [`accept`] would take).
fn decode_counting(enc: &'static Encoding, bytes: &[u8], offset: usize) -> Decoded {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2 + 16);
    let mut damaged = Vec::new();
    let mut pos = 0;
    loop {
        let room = decoder.max_utf8_buffer_length_without_replacement(bytes.len() - pos).unwrap_or(bytes.len() * 3);
        text.reserve(room.max(4));
        let (result, read) = decoder.decode_to_string_without_replacement(&bytes[pos..], &mut text, true);
        pos += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => continue,
            DecoderResult::Malformed(len, extra) => {
                damaged.push(offset + pos - len as usize - extra as usize);
                text.push('\u{FFFD}');
                if damaged.len() > MAX_DAMAGE * 4 {
                    break;
                }
            }
        }
    }
    Decoded { text, encoding: enc.name(), damaged, odd_byte: false }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_encodings() {
        let text = "一、总体情况\n收到申请3件";
        assert_eq!(decode(text.as_bytes()).unwrap(), text);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom).unwrap(), text);
        let (gbk, _, _) = GB18030.encode(text);
        assert_eq!(decode_with_name(&gbk).unwrap(), (text.to_string(), "gb18030"));
        let mut le = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap(), text);
        let ascii: Vec<u8> = "1. report\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&ascii).unwrap(), "1. report\n");
    }

    #[test]
    fn refuses_binary() {
        assert!(decode(b"%PDF-1.7 ...").unwrap_err().contains("PDF"));
        assert!(decode(b"PK\x03\x04\x00\x00").unwrap_err().contains("ZIP"));
        assert!(decode(&[0u8, 1, 2, 3, 0, 0, 9]).is_err());
        assert!(decode(&[0u8, 159, 146, 150, 0, 1, 2, 3]).is_err());
        assert!(decode(b"").is_err());
    }

    fn gbk_page(charset: &str) -> (String, Vec<u8>) {
        let text = format!(
            "<html><head><meta charset=\"{charset}\"></head><body><p>一、总体情况</p><p>本机关收到政府信息公开申请3件。</p></body></html>"
        );
        let bytes = GB18030.encode(&text).0.into_owned();
        (text, bytes)
    }

    #[test]
    fn a_wrong_declared_charset_does_not_hide_valid_gbk() {
        for label in ["big5", "utf-16", "iso-8859-1", "windows-1252"] {
            let (text, bytes) = gbk_page(label);
            let d = decode_report(&bytes).unwrap_or_else(|e| panic!("{label}: {e}"));
            assert_eq!(d.text, text, "{label}");
            assert_eq!(d.encoding, "gb18030", "{label}");
        }
    }

    #[test]
    fn odd_length_utf16_is_read_with_a_note() {
        let text = "一、总体情况\n收到申请3件。本年度共办结3件。";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        le.push(0x41);
        let d = decode_report(&le).expect("odd UTF-16 is text");
        assert_eq!(d.text, text);
        assert!(d.odd_byte);
        assert!(d.damage_note().unwrap().contains("奇数"));
    }

    #[test]
    fn one_bad_byte_is_located_and_the_rest_read() {
        let text = "一、总体情况\n".repeat(40) + "收到申请3件";
        let mut bytes = text.as_bytes().to_vec();
        bytes.insert(19, 0xFF);
        let d = decode_report(&bytes).expect("a little damage is read past");
        assert_eq!((d.encoding, d.damaged.clone()), ("UTF-8", vec![19]));
        assert!(d.text.contains("收到申请3件"));
        assert!(d.damage_note().unwrap().contains("第 19 字节"), "{:?}", d.damage_note());
        // heavy damage is refused, with where it starts
        let mut noisy = text.as_bytes().to_vec();
        for i in (10..noisy.len()).step_by(7) {
            noisy[i] = 0xFF;
        }
        let e = decode_report(&noisy).unwrap_err();
        assert!(e.contains("字节"), "{e}");
    }
}
