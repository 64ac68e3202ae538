//! Runs a page's content stream far enough to know where each character is drawn.
//!
//! Handles the text operators (PDF 32000-1:2008 §9.4), the graphics-state stack and `cm`, form
//! XObjects (recursively, bounded) and counts images, so that a page of images without text is
//! recognised as scanned.

use crate::font::{entry, resolve, Font};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// The deepest nesting of form XObjects followed.
const MAX_FORM_DEPTH: usize = 8;
/// The most glyphs taken from one page (a bound against hostile content).
const MAX_GLYPHS: usize = 200_000;
/// The most ruled lines taken from one page.
const MAX_RULES: usize = 50_000;
/// A rectangle thinner than this (points) is a drawn line.
const THIN: f64 = 2.5;
/// A line shorter than this (points) is not a border.
const MIN_RULE: f64 = 4.0;

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

/// What one page holds.
#[derive(Debug, Default)]
pub struct PageContent {
    /// The characters, in drawing order, in the page's reading orientation (see
    /// [`PageContent::turn_upright`]).
    pub glyphs: Vec<Glyph>,
    /// While reading: the characters whose text runs up, left or down (quarter turns 1, 2, 3).
    turned: [Vec<Glyph>; 3],
    /// The ruled lines (table borders).
    pub rules: Vec<Rule>,
    /// How many images the page draws.
    pub images: usize,
    /// Width and height of the page (its MediaBox), when known.
    pub size: Option<(f64, f64)>,
}

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m1: &Matrix, m2: &Matrix) -> Matrix {
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

fn number(o: &Object) -> Option<f64> {
    let v = match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => return None,
    };
    v.is_finite().then_some(v)
}

fn numbers<const N: usize>(ops: &[Object]) -> Option<[f64; N]> {
    if ops.len() < N {
        return None;
    }
    let mut out = [0.0; N];
    for (o, v) in ops[ops.len() - N..].iter().zip(out.iter_mut()) {
        *v = number(o)?;
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
    fonts: HashMap<ObjectId, Rc<Font>>,
}

/// The resource dictionaries in force, innermost first.
type Resources<'a> = Vec<&'a Dictionary>;

impl<'a> Interpreter<'a> {
    /// An interpreter for `doc`.
    pub fn new(doc: &'a Document) -> Interpreter<'a> {
        Interpreter { doc, fonts: HashMap::new() }
    }

    /// Reads one page; `Err` when its content stream cannot be parsed.
    pub fn page(&mut self, page_id: ObjectId) -> Result<PageContent, String> {
        let doc = self.doc;
        let mut resources: Resources<'a> = Vec::new();
        if let Ok((direct, ids)) = doc.get_page_resources(page_id) {
            resources.extend(direct);
            resources.extend(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
        }
        let data = doc.get_page_content(page_id).map_err(|e| e.to_string())?;
        let mut out = PageContent { size: media_box(doc, page_id), ..PageContent::default() };
        self.run(&data, &resources, IDENTITY, 0, &mut out)?;
        out.turn_upright();
        Ok(out)
    }

    fn font(&mut self, resources: &Resources<'a>, name: &[u8]) -> Option<Rc<Font>> {
        let doc = self.doc;
        for res in resources {
            let Some(Object::Dictionary(fonts)) = entry(doc, res, b"Font") else { continue };
            let Ok(obj) = fonts.get(name) else { continue };
            if let Object::Reference(id) = obj {
                if let Some(f) = self.fonts.get(id) {
                    return Some(f.clone());
                }
                let dict = resolve(doc, obj)?.as_dict().ok()?;
                let f = Rc::new(Font::new(doc, dict));
                self.fonts.insert(*id, f.clone());
                return Some(f);
            }
            return obj.as_dict().ok().map(|d| Rc::new(Font::new(doc, d)));
        }
        None
    }

    fn xobject(&self, resources: &Resources<'a>, name: &[u8]) -> Option<&'a lopdf::Stream> {
        let doc = self.doc;
        for res in resources {
            let Some(Object::Dictionary(xs)) = entry(doc, res, b"XObject") else { continue };
            if let Some(s) = xs.get(name).ok().and_then(|o| resolve(doc, o)).and_then(|o| o.as_stream().ok()) {
                return Some(s);
            }
        }
        None
    }

    fn run(
        &mut self,
        data: &[u8],
        resources: &Resources<'a>,
        base: Matrix,
        depth: usize,
        out: &mut PageContent,
    ) -> Result<(), String> {
        let content = Content::decode(data).map_err(|e| e.to_string())?;
        let mut gs = State { ctm: base, ..State::default() };
        let mut stack: Vec<State> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        let mut path = Path::default();
        for op in &content.operations {
            let ops = &op.operands;
            match op.operator.as_str() {
                "m" => {
                    if let Some([x, y]) = numbers::<2>(ops) {
                        path.move_to(apply(&gs.ctm, x, y));
                    }
                }
                "l" => {
                    if let Some([x, y]) = numbers::<2>(ops) {
                        path.line_to(apply(&gs.ctm, x, y));
                    }
                }
                "re" => {
                    if let Some([x, y, w, h]) = numbers::<4>(ops) {
                        path.rect(&gs.ctm, x, y, w, h);
                    }
                }
                "h" => path.close(),
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                    let stroked = !matches!(op.operator.as_str(), "f" | "F" | "f*");
                    path.paint(stroked, &mut out.rules);
                }
                "n" => path = Path::default(),
                "q" if stack.len() < 256 => stack.push(gs.clone()),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                "cm" => {
                    if let Some(m) = numbers::<6>(ops) {
                        gs.ctm = mul(&m, &gs.ctm);
                    }
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tc" => gs.char_spacing = numbers::<1>(ops).map_or(gs.char_spacing, |[v]| v),
                "Tw" => gs.word_spacing = numbers::<1>(ops).map_or(gs.word_spacing, |[v]| v),
                "Tz" => gs.scale = numbers::<1>(ops).map_or(gs.scale, |[v]| v / 100.0),
                "TL" => gs.leading = numbers::<1>(ops).map_or(gs.leading, |[v]| v),
                "Ts" => gs.rise = numbers::<1>(ops).map_or(gs.rise, |[v]| v),
                "Tf" => {
                    if let (Some(name), Some([size])) = (ops.first().and_then(|o| o.as_name().ok()), numbers::<1>(ops))
                    {
                        gs.font = self.font(resources, name);
                        gs.size = size;
                    }
                }
                "Td" | "TD" => {
                    if let Some([tx, ty]) = numbers::<2>(ops) {
                        if op.operator == "TD" {
                            gs.leading = -ty;
                        }
                        tlm = mul(&translate(tx, ty), &tlm);
                        tm = tlm;
                    }
                }
                "Tm" => {
                    if let Some(m) = numbers::<6>(ops) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = mul(&translate(0.0, -gs.leading), &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if op.operator == "\"" {
                        if let Some([aw, ac]) = ops.get(..2).and_then(numbers::<2>) {
                            gs.word_spacing = aw;
                            gs.char_spacing = ac;
                        }
                    }
                    if op.operator == "'" || op.operator == "\"" {
                        tlm = mul(&translate(0.0, -gs.leading), &tlm);
                        tm = tlm;
                    }
                    match ops.last() {
                        Some(Object::String(bytes, _)) => show(&gs, &mut tm, bytes, out),
                        Some(Object::Array(items)) => {
                            for item in items {
                                match item {
                                    Object::String(bytes, _) => show(&gs, &mut tm, bytes, out),
                                    o => {
                                        if let Some(n) = number(o) {
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
                "BI" => out.images += 1,
                "Do" => {
                    let Some(name) = ops.first().and_then(|o| o.as_name().ok()) else { continue };
                    let Some(stream) = self.xobject(resources, name) else { continue };
                    let subtype = entry(self.doc, &stream.dict, b"Subtype").and_then(|o| o.as_name().ok());
                    match subtype {
                        Some(b"Image") => out.images += 1,
                        Some(b"Form") if depth < MAX_FORM_DEPTH => {
                            let Ok(inner) = stream.get_plain_content() else { continue };
                            let matrix = entry(self.doc, &stream.dict, b"Matrix")
                                .and_then(|o| o.as_array().ok())
                                .and_then(|a| numbers::<6>(a))
                                .unwrap_or(IDENTITY);
                            let mut res = resources.clone();
                            if let Some(Object::Dictionary(d)) = entry(self.doc, &stream.dict, b"Resources") {
                                res.insert(0, d);
                            }
                            // A broken form is skipped; the page's own text still counts.
                            let _ = self.run(&inner, &res, mul(&matrix, &gs.ctm), depth + 1, out);
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// A point through the current transformation matrix.
fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
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
            if self.segments.len() < MAX_RULES {
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
        if self.rects.len() < MAX_RULES {
            self.rects.push((ax.min(bx), ay.min(by), ax.max(bx), ay.max(by)));
        }
        self.move_to((ax, ay));
    }

    /// Paints the path: its straight lines and the edges of its rectangles become rules (filled
    /// rectangles only when thin, since a filled area is shading, not a border).
    fn paint(&mut self, stroked: bool, rules: &mut Vec<Rule>) {
        let mut push = |vertical: bool, at: f64, a: f64, b: f64| {
            let rule = Rule { vertical, at, from: a.min(b), to: a.max(b) };
            if rule.to - rule.from >= MIN_RULE && rules.len() < MAX_RULES && at.is_finite() && rule.to.is_finite() {
                rules.push(rule);
            }
        };
        for &((x0, y0), (x1, y1)) in &self.segments {
            if (x1 - x0).abs() < 0.5 {
                push(true, (x0 + x1) / 2.0, y0, y1);
            } else if (y1 - y0).abs() < 0.5 {
                push(false, (y0 + y1) / 2.0, x0, x1);
            }
        }
        for &(x0, y0, x1, y1) in &self.rects {
            let (w, h) = (x1 - x0, y1 - y0);
            if w < THIN && h >= MIN_RULE {
                push(true, (x0 + x1) / 2.0, y0, y1);
            } else if h < THIN && w >= MIN_RULE {
                push(false, (y0 + y1) / 2.0, x0, x1);
            } else if stroked {
                push(true, x0, y0, y1);
                push(true, x1, y0, y1);
                push(false, y0, x0, x1);
                push(false, y1, x0, x1);
            }
        }
        *self = Path::default();
    }
}

/// A point of a page of `size` turned by `q` quarter turns clockwise (text that ran up reads
/// left to right after one turn).
fn turn(q: usize, (x, y): (f64, f64), (w, h): (f64, f64)) -> (f64, f64) {
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

/// Draws a string: one glyph per code, moving the text matrix on.
fn show(gs: &State, tm: &mut Matrix, bytes: &[u8], out: &mut PageContent) {
    let Some(font) = &gs.font else { return };
    for code in font.decode(bytes) {
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
        let total = out.glyphs.len() + out.turned.iter().map(Vec::len).sum::<usize>();
        if let Some(q) = q.filter(|_| total < MAX_GLYPHS && trm[4].is_finite() && trm[5].is_finite()) {
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
}

fn media_box(doc: &Document, page_id: ObjectId) -> Option<(f64, f64)> {
    let mut node = doc.get_dictionary(page_id).ok()?;
    for _ in 0..32 {
        if let Some(Object::Array(a)) = entry(doc, node, b"MediaBox") {
            let [x0, y0, x1, y1] = numbers::<4>(a)?;
            return Some(((x1 - x0).abs(), (y1 - y0).abs()));
        }
        node = entry(doc, node, b"Parent")?.as_dict().ok()?;
    }
    None
}
