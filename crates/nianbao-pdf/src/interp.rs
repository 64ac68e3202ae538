//! Runs a page's content stream far enough to know where each character is drawn.
//!
//! Handles the text operators (PDF 32000-1:2008 §9.4), the graphics-state stack and `cm`, form
//! XObjects (recursively, bounded) and counts images, so that a page of images without text is
//! recognised as scanned; where each image XObject is drawn is kept, so that the pictures that
//! hold text can be taken out for reading (see [`crate::layers`]).
//!
//! All work is charged to the document's [`Meter`]: the decoded bytes of content streams, forms
//! and ToUnicode maps, each operator, each form called, each character drawn and each ruled
//! line; the first limit reached ends the reading with [`Exceeded`].

use crate::budget::{Exceeded, Meter};
use crate::content::{Lexer, Operand};
use crate::decode::decode_charged;
use crate::font::{entry, resolve, Font};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// The deepest nesting of form XObjects followed.
const MAX_FORM_DEPTH: usize = 8;
/// The most path elements (segments and rectangles) kept for one path before it is painted;
/// beyond them a path is not looked at for borders (it is a drawing, not a table).
const MAX_PATH: usize = 50_000;
/// The most levels of the page tree looked up for inherited resources (lopdf's page-tree depth).
const MAX_TREE_DEPTH: usize = 256;
/// The most saved graphics states (`q`) kept.
const MAX_SAVED: usize = 256;
/// A rectangle thinner than this (points) is a drawn line.
const THIN: f64 = 2.5;
/// A line shorter than this (points) is not a border.
pub const MIN_RULE: f64 = 4.0;
/// The most image XObjects drawn on one page whose place is kept (each `Do` is one operator, so
/// a page could draw millions); the others are counted only.
const MAX_PAGE_IMAGES: usize = 10_000;

/// One character drawn on a page, in page space (points, y up).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Left edge.
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// Advance width.
    pub w: f64,
    /// Font size (height of an em).
    pub size: f64,
    /// The text; `None` when the font does not say.
    pub text: Option<String>,
}

/// A straight ruled line drawn on a page (a table border), horizontal or vertical.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Whether the line is vertical (constant x) rather than horizontal (constant y).
    pub vertical: bool,
    /// The constant coordinate: x of a vertical line, y of a horizontal one.
    pub at: f64,
    /// Where the line starts along its direction (the smaller coordinate).
    pub from: f64,
    /// Where the line ends along its direction (the larger coordinate).
    pub to: f64,
}

/// An image XObject drawn on a page (`Do`): the stream's object and the CTM it was drawn with,
/// which maps the image's unit square to page space (before the page is turned, see
/// [`PageContent::turn_upright`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedImage {
    /// The image's stream object.
    pub id: ObjectId,
    /// The current transformation matrix at the `Do`.
    pub ctm: Matrix,
}

/// What one page holds.
#[derive(Debug, Default)]
pub struct PageContent {
    /// The characters, in drawing order, in the page's reading orientation (see
    /// [`PageContent::turn_upright`]).
    pub glyphs: Vec<Glyph>,
    /// While reading: the characters whose text runs up, left or down (quarter turns 1, 2, 3),
    /// each already turned to read left to right.
    pub turned: [Vec<Glyph>; 3],
    /// The ruled lines (table borders).
    pub rules: Vec<Rule>,
    /// How many images the page draws (inline images included).
    pub images: usize,
    /// The image XObjects the page draws, in drawing order (at most [`MAX_PAGE_IMAGES`]; inline
    /// images are counted only).
    pub placed: Vec<PlacedImage>,
    /// Width and height of the page (its MediaBox), when known, in its reading orientation.
    pub size: Option<(f64, f64)>,
    /// The quarter turns (clockwise, 0 to 3) [`PageContent::turn_upright`] turned the page by.
    pub quarter: usize,
}

/// A transformation matrix `[a b c d e f]`, as `cm` gives it.
pub type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// The matrix that applies `m1`, then `m2`.
pub fn mul(m1: &Matrix, m2: &Matrix) -> Matrix {
    [
        m1[0] * m2[0] + m1[1] * m2[2],
        m1[0] * m2[1] + m1[1] * m2[3],
        m1[2] * m2[0] + m1[3] * m2[2],
        m1[2] * m2[1] + m1[3] * m2[3],
        m1[4] * m2[0] + m1[5] * m2[2] + m2[4],
        m1[4] * m2[1] + m1[5] * m2[3] + m2[5],
    ]
}

fn translate(tx: f64, ty: f64) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, tx, ty]
}

/// A number operand or entry (integer or real), when finite.
pub(crate) fn number(o: &Object) -> Option<f64> {
    let v = match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => return None,
    };
    v.is_finite().then_some(v)
}

/// The last `N` objects as numbers (a dictionary's `/Matrix`, `/MediaBox`).
fn object_numbers<const N: usize>(objects: &[Object]) -> Option<[f64; N]> {
    let tail = objects.get(objects.len().checked_sub(N)?..)?;
    let mut out = [0.0; N];
    for (o, v) in tail.iter().zip(out.iter_mut()) {
        *v = number(o)?;
    }
    Some(out)
}

/// The last `N` operands as numbers.
fn numbers<const N: usize>(ops: &[Operand]) -> Option<[f64; N]> {
    let tail = ops.get(ops.len().checked_sub(N)?..)?;
    let mut out = [0.0; N];
    for (o, v) in tail.iter().zip(out.iter_mut()) {
        *v = o.number()?;
    }
    Some(out)
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
    font: Option<Rc<Font>>,
    size: f64,
}

impl Default for State {
    fn default() -> State {
        State {
            ctm: IDENTITY,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            font: None,
            size: 0.0,
        }
    }
}

/// Reads pages of one document, sharing parsed fonts between them.
pub struct Interpreter<'a> {
    doc: &'a Document,
    /// Fonts read so far, by the address of their dictionary in the document (which stays put
    /// while the document is borrowed): a font written inline in a resource dictionary is read
    /// once, however many `Tf` name it.
    fonts: HashMap<usize, Rc<Font>>,
}

/// The resource dictionaries in force, innermost first.
type Resources<'a> = Vec<&'a Dictionary>;

/// The resource dictionaries of a page, its own first, then those it inherits from the page
/// tree (followed at most [`MAX_TREE_DEPTH`] levels up).
fn page_resources(doc: &Document, page_id: ObjectId) -> Resources<'_> {
    let mut out = Vec::new();
    let Ok(mut node) = doc.get_dictionary(page_id) else { return out };
    for _ in 0..MAX_TREE_DEPTH {
        if let Some(Object::Dictionary(d)) = entry(doc, node, b"Resources") {
            out.push(d);
        }
        let Some(Object::Dictionary(parent)) = entry(doc, node, b"Parent") else { break };
        node = parent;
    }
    out
}

/// A page's content: its content streams decoded (within the budget) and joined by newlines.
/// A stream that cannot be decoded is taken as it is, as lopdf does; each stream counts as one
/// operator, so that a page listing a small stream a million times is work too.
fn page_content(doc: &Document, page_id: ObjectId, meter: &mut Meter) -> Result<Vec<u8>, Exceeded> {
    let mut content = Vec::new();
    for id in doc.get_page_contents(page_id) {
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else { continue };
        meter.operator()?;
        match decode_charged(stream, meter, content.len(), "内容流")? {
            Some(data) => content.extend_from_slice(&data),
            None => {
                let raw = &stream.content;
                if raw.len() > meter.room(content.len()) {
                    return Err(meter.overflow(content.len(), "内容流"));
                }
                meter.decoded(content.len() + raw.len(), raw.len(), "内容流")?;
                content.extend_from_slice(raw);
            }
        }
        content.push(b'\n');
    }
    Ok(content)
}

impl<'a> Interpreter<'a> {
    /// An interpreter for `doc`.
    pub fn new(doc: &'a Document) -> Interpreter<'a> {
        Interpreter { doc, fonts: HashMap::new() }
    }

    /// Reads one page, charging its work to `meter`.
    pub fn page(&mut self, page_id: ObjectId, meter: &mut Meter) -> Result<PageContent, Exceeded> {
        let doc = self.doc;
        let resources = page_resources(doc, page_id);
        let data = page_content(doc, page_id, meter)?;
        let mut out = PageContent { size: media_box(doc, page_id), ..PageContent::default() };
        self.run(&data, &resources, IDENTITY, 0, &mut out, meter)?;
        out.turn_upright();
        Ok(out)
    }

    /// The font named `name` in the resources, read once per font dictionary.
    fn font(
        &mut self,
        resources: &Resources<'a>,
        name: &[u8],
        meter: &mut Meter,
    ) -> Result<Option<Rc<Font>>, Exceeded> {
        let doc = self.doc;
        for res in resources {
            let Some(Object::Dictionary(fonts)) = entry(doc, res, b"Font") else { continue };
            let Ok(obj) = fonts.get(name) else { continue };
            let Some(dict) = resolve(doc, obj).and_then(|o| o.as_dict().ok()) else { return Ok(None) };
            let key = dict as *const Dictionary as usize;
            if let Some(f) = self.fonts.get(&key) {
                return Ok(Some(f.clone()));
            }
            let f = Rc::new(Font::new(doc, dict, meter)?);
            self.fonts.insert(key, f.clone());
            return Ok(Some(f));
        }
        Ok(None)
    }

    /// The XObject named `name` in the resources, with its object number when it is one.
    fn xobject(&self, resources: &Resources<'a>, name: &[u8]) -> Option<(Option<ObjectId>, &'a lopdf::Stream)> {
        let doc = self.doc;
        for res in resources {
            let Some(Object::Dictionary(xs)) = entry(doc, res, b"XObject") else { continue };
            let Some((id, object)) = xs.get(name).ok().and_then(|o| doc.dereference(o).ok()) else { continue };
            if let Ok(s) = object.as_stream() {
                return Some((id, s));
            }
        }
        None
    }

    /// Draws the XObject named by `ops` (`Do`): an image is counted and where it is drawn kept,
    /// a form is run (at most [`MAX_FORM_DEPTH`] deep, each call charged).
    fn draw_xobject(
        &mut self,
        ops: &[Operand],
        resources: &Resources<'a>,
        ctm: &Matrix,
        depth: usize,
        out: &mut PageContent,
        meter: &mut Meter,
    ) -> Result<(), Exceeded> {
        let Some(name) = ops.first().and_then(Operand::as_name) else { return Ok(()) };
        let Some((id, stream)) = self.xobject(resources, name) else { return Ok(()) };
        let subtype = entry(self.doc, &stream.dict, b"Subtype").and_then(|o| o.as_name().ok());
        match subtype {
            Some(b"Image") => {
                out.images += 1;
                if let Some(id) = id.filter(|_| out.placed.len() < MAX_PAGE_IMAGES) {
                    out.placed.push(PlacedImage { id, ctm: *ctm });
                }
            }
            Some(b"Form") if depth < MAX_FORM_DEPTH => {
                meter.form_call()?;
                // A form that cannot be decoded is skipped; the page's own text still counts.
                let Some(inner) = decode_charged(stream, meter, 0, "表单对象（Form XObject）")? else {
                    return Ok(());
                };
                let matrix = entry(self.doc, &stream.dict, b"Matrix")
                    .and_then(|o| o.as_array().ok())
                    .and_then(|a| object_numbers::<6>(a))
                    .unwrap_or(IDENTITY);
                let mut res = resources.clone();
                if let Some(Object::Dictionary(d)) = entry(self.doc, &stream.dict, b"Resources") {
                    res.insert(0, d);
                }
                self.run(&inner, &res, mul(&matrix, ctm), depth + 1, out, meter)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn run(
        &mut self,
        data: &[u8],
        resources: &Resources<'a>,
        base: Matrix,
        depth: usize,
        out: &mut PageContent,
        meter: &mut Meter,
    ) -> Result<(), Exceeded> {
        let mut lexer = Lexer::new(data);
        let mut ops: Vec<Operand> = Vec::new();
        let mut gs = State { ctm: base, ..State::default() };
        let mut stack: Vec<State> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        let mut path = Path::default();
        while let Some(operator) = lexer.next(&mut ops) {
            meter.operator()?;
            let ops = ops.as_slice();
            match operator {
                b"m" => {
                    if let Some([x, y]) = numbers::<2>(ops) {
                        path.move_to(apply(&gs.ctm, x, y));
                    }
                }
                b"l" => {
                    if let Some([x, y]) = numbers::<2>(ops) {
                        path.line_to(apply(&gs.ctm, x, y));
                    }
                }
                b"re" => {
                    if let Some([x, y, w, h]) = numbers::<4>(ops) {
                        path.rect(&gs.ctm, x, y, w, h);
                    }
                }
                b"h" => path.close(),
                b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => {
                    let stroked = !matches!(operator, b"f" | b"F" | b"f*");
                    path.paint(stroked, &mut out.rules, meter)?;
                }
                b"n" => path = Path::default(),
                b"q" if stack.len() < MAX_SAVED => stack.push(gs.clone()),
                b"Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                b"cm" => {
                    if let Some(m) = numbers::<6>(ops) {
                        gs.ctm = mul(&m, &gs.ctm);
                    }
                }
                b"BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"Tc" => gs.char_spacing = numbers::<1>(ops).map_or(gs.char_spacing, |[v]| v),
                b"Tw" => gs.word_spacing = numbers::<1>(ops).map_or(gs.word_spacing, |[v]| v),
                b"Tz" => gs.scale = numbers::<1>(ops).map_or(gs.scale, |[v]| v / 100.0),
                b"TL" => gs.leading = numbers::<1>(ops).map_or(gs.leading, |[v]| v),
                b"Ts" => gs.rise = numbers::<1>(ops).map_or(gs.rise, |[v]| v),
                b"Tf" => {
                    if let (Some(name), Some([size])) = (ops.first().and_then(Operand::as_name), numbers::<1>(ops)) {
                        gs.font = self.font(resources, name, meter)?;
                        gs.size = size;
                    }
                }
                b"Td" | b"TD" => {
                    if let Some([tx, ty]) = numbers::<2>(ops) {
                        if operator == b"TD" {
                            gs.leading = -ty;
                        }
                        tlm = mul(&translate(tx, ty), &tlm);
                        tm = tlm;
                    }
                }
                b"Tm" => {
                    if let Some(m) = numbers::<6>(ops) {
                        tlm = m;
                        tm = m;
                    }
                }
                b"T*" => {
                    tlm = mul(&translate(0.0, -gs.leading), &tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    if operator == b"\"" {
                        if let Some([aw, ac]) = ops.get(..2).and_then(numbers::<2>) {
                            gs.word_spacing = aw;
                            gs.char_spacing = ac;
                        }
                    }
                    if operator == b"'" || operator == b"\"" {
                        tlm = mul(&translate(0.0, -gs.leading), &tlm);
                        tm = tlm;
                    }
                    match ops.last() {
                        Some(Operand::Str(bytes)) => show(&gs, &mut tm, bytes, out, meter)?,
                        Some(Operand::Array(items)) => {
                            for item in items {
                                match item {
                                    Operand::Str(bytes) => show(&gs, &mut tm, bytes, out, meter)?,
                                    o => {
                                        if let Some(n) = o.number() {
                                            let tx = -n / 1000.0 * gs.size * gs.scale;
                                            tm = mul(&translate(tx, 0.0), &tm);
                                        }
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
                b"BI" => out.images += 1,
                b"Do" => self.draw_xobject(ops, resources, &gs.ctm, depth, out, meter)?,
                _ => {}
            }
        }
        Ok(())
    }
}

/// A point through the current transformation matrix.
pub fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

/// The path being built: its straight segments and rectangles, in page space.
#[derive(Default)]
struct Path {
    segments: Vec<((f64, f64), (f64, f64))>,
    /// Rectangles as (x0, y0, x1, y1), normalised.
    rects: Vec<(f64, f64, f64, f64)>,
    start: Option<(f64, f64)>,
    current: Option<(f64, f64)>,
}

impl Path {
    fn move_to(&mut self, p: (f64, f64)) {
        self.start = Some(p);
        self.current = Some(p);
    }

    fn line_to(&mut self, p: (f64, f64)) {
        if let Some(c) = self.current {
            if self.segments.len() < MAX_PATH {
                self.segments.push((c, p));
            }
        }
        self.current = Some(p);
    }

    fn close(&mut self) {
        if let Some(s) = self.start {
            self.line_to(s);
        }
    }

    fn rect(&mut self, m: &Matrix, x: f64, y: f64, w: f64, h: f64) {
        let (ax, ay) = apply(m, x, y);
        let (bx, by) = apply(m, x + w, y + h);
        if self.rects.len() < MAX_PATH {
            self.rects.push((ax.min(bx), ay.min(by), ax.max(bx), ay.max(by)));
        }
        self.move_to((ax, ay));
    }

    /// Paints the path: its straight lines and the edges of its rectangles become rules (filled
    /// rectangles only when thin, since a filled area is shading, not a border). Each rule is
    /// checked against the page's share in `meter`.
    fn paint(&mut self, stroked: bool, rules: &mut Vec<Rule>, meter: &mut Meter) -> Result<(), Exceeded> {
        let mut push = |vertical: bool, at: f64, a: f64, b: f64| {
            let rule = Rule { vertical, at, from: a.min(b), to: a.max(b) };
            if rule.to - rule.from >= MIN_RULE && at.is_finite() && rule.to.is_finite() {
                meter.page_rules(rules.len() + 1)?;
                rules.push(rule);
            }
            Ok(())
        };
        for &((x0, y0), (x1, y1)) in &self.segments {
            if (x1 - x0).abs() < 0.5 {
                push(true, (x0 + x1) / 2.0, y0, y1)?;
            } else if (y1 - y0).abs() < 0.5 {
                push(false, (y0 + y1) / 2.0, x0, x1)?;
            }
        }
        for &(x0, y0, x1, y1) in &self.rects {
            let (w, h) = (x1 - x0, y1 - y0);
            if w < THIN && h >= MIN_RULE {
                push(true, (x0 + x1) / 2.0, y0, y1)?;
            } else if h < THIN && w >= MIN_RULE {
                push(false, (y0 + y1) / 2.0, x0, x1)?;
            } else if stroked {
                push(true, x0, y0, y1)?;
                push(true, x1, y0, y1)?;
                push(false, y0, x0, x1)?;
                push(false, y1, x0, x1)?;
            }
        }
        *self = Path::default();
        Ok(())
    }
}

/// The matrix of [`turn`]: page space to the page turned by `q` quarter turns.
pub fn turn_matrix(q: usize, (w, h): (f64, f64)) -> Matrix {
    match q {
        1 => [0.0, -1.0, 1.0, 0.0, 0.0, w],
        2 => [-1.0, 0.0, 0.0, -1.0, w, h],
        3 => [0.0, 1.0, -1.0, 0.0, h, 0.0],
        _ => IDENTITY,
    }
}

/// A point of a page of `size` turned by `q` quarter turns clockwise (text that ran up reads
/// left to right after one turn).
pub fn turn(q: usize, (x, y): (f64, f64), (w, h): (f64, f64)) -> (f64, f64) {
    match q {
        1 => (y, w - x),
        2 => (w - x, h - y),
        3 => (h - y, x),
        _ => (x, y),
    }
}

impl PageContent {
    /// Keeps the characters of the page's main orientation: most pages read left to right, but a
    /// landscape table may be drawn turned on a portrait page (or the page turned by /Rotate).
    /// The characters and borders are turned so that the text reads left to right.
    pub fn turn_upright(&mut self) {
        let (q, most) =
            self.turned.iter().enumerate().map(|(i, g)| (i + 1, g.len())).max_by_key(|&(_, n)| n).unwrap_or((0, 0));
        if most <= self.glyphs.len() {
            self.turned = Default::default();
            return;
        }
        let size = self.size.unwrap_or((0.0, 0.0));
        self.quarter = (self.quarter + q) % 4;
        self.glyphs = std::mem::take(&mut self.turned[q - 1]);
        self.turned = Default::default();
        for r in &mut self.rules {
            let a = turn(q, if r.vertical { (r.at, r.from) } else { (r.from, r.at) }, size);
            let b = turn(q, if r.vertical { (r.at, r.to) } else { (r.to, r.at) }, size);
            let vertical = (a.0 - b.0).abs() < (a.1 - b.1).abs();
            *r = if vertical {
                Rule { vertical, at: a.0, from: a.1.min(b.1), to: a.1.max(b.1) }
            } else {
                Rule { vertical, at: a.1, from: a.0.min(b.0), to: a.0.max(b.0) }
            };
        }
        if q % 2 == 1 {
            self.size = Some((size.1, size.0));
        }
    }
}

/// Draws a string: one glyph per code, moving the text matrix on; each glyph is charged to
/// `meter`, and the glyphs kept are checked against the page's share.
fn show(gs: &State, tm: &mut Matrix, bytes: &[u8], out: &mut PageContent, meter: &mut Meter) -> Result<(), Exceeded> {
    let Some(font) = &gs.font else { return Ok(()) };
    for code in font.decode(bytes) {
        meter.glyph()?;
        let m = mul(tm, &gs.ctm);
        let trm = mul(&[gs.size * gs.scale, 0.0, 0.0, gs.size, 0.0, gs.rise], &m);
        let glyph_w = code.advance * gs.size * gs.scale;
        let x_scale = m[0].hypot(m[1]);
        let size = trm[2].hypot(trm[3]);
        // The quarter turns that make the text read left to right; text at other angles
        // (watermarks, stamps) is not part of the reading.
        let (ax, ay) = (m[0], m[1]);
        let q = if ay.abs() <= 0.05 * ax.abs() {
            if ax > 0.0 {
                Some(0)
            } else {
                Some(2)
            }
        } else if ax.abs() <= 0.05 * ay.abs() {
            if ay > 0.0 {
                Some(1)
            } else {
                Some(3)
            }
        } else {
            None
        };
        if let Some(q) = q.filter(|_| trm[4].is_finite() && trm[5].is_finite()) {
            let kept = out.glyphs.len() + out.turned.iter().map(Vec::len).sum::<usize>();
            meter.page_glyphs(kept + 1)?;
            let (x, y) = turn(q, (trm[4], trm[5]), out.size.unwrap_or((0.0, 0.0)));
            let glyph = Glyph { x, y, w: glyph_w * x_scale, size, text: code.text };
            match q {
                0 => out.glyphs.push(glyph),
                q => out.turned[q - 1].push(glyph),
            }
        }
        let spacing = gs.char_spacing + if code.is_space { gs.word_spacing } else { 0.0 };
        let tx = (code.advance * gs.size + spacing) * gs.scale;
        *tm = mul(&translate(tx, 0.0), tm);
    }
    Ok(())
}

fn media_box(doc: &Document, page_id: ObjectId) -> Option<(f64, f64)> {
    let mut node = doc.get_dictionary(page_id).ok()?;
    for _ in 0..32 {
        if let Some(Object::Array(a)) = entry(doc, node, b"MediaBox") {
            let [x0, y0, x1, y1] = object_numbers::<4>(a)?;
            return Some(((x1 - x0).abs(), (y1 - y0).abs()));
        }
        node = entry(doc, node, b"Parent")?.as_dict().ok()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_turn_matrix_turns_as_turn_does() {
        let size = (595.0, 842.0);
        for q in 0..4 {
            for p in [(0.0, 0.0), (100.0, 700.0), (595.0, 10.0)] {
                assert_eq!(apply(&turn_matrix(q, size), p.0, p.1), turn(q, p, size), "q = {q}, {p:?}");
            }
        }
    }
}
