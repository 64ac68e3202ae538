//! Table grids found from their ruling lines: long straight runs of ink, horizontal and
//! vertical, that meet; the cells between them, merged cells included.

use crate::image::Gray;

/// A ruling line found in a picture: horizontal (constant y) or vertical (constant x).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// Whether it is vertical.
    pub vertical: bool,
    /// Its middle across its direction (y of a horizontal line, x of a vertical one).
    pub at: f64,
    /// Half its thickness.
    pub half: f64,
    /// Where it starts along its direction.
    pub from: f64,
    /// Where it ends along its direction.
    pub to: f64,
}

/// One cell of a ruled table: the inside of its borders, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// Left border's inner edge.
    pub x0: f64,
    /// Top border's inner edge.
    pub y0: f64,
    /// Right border's inner edge.
    pub x1: f64,
    /// Bottom border's inner edge.
    pub y1: f64,
}

/// The ruled tables of a page: their lines and their cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grids {
    /// Every ruling line kept (both directions), for the layout.
    pub segments: Vec<Segment>,
    /// Every cell, top to bottom, left to right.
    pub cells: Vec<Cell>,
    /// The outline of each table: (x0, y0, x1, y1).
    pub tables: Vec<(f64, f64, f64, f64)>,
}

/// Runs of ink along one direction, with gaps up to `gap` pixels bridged; runs of at least
/// `min` pixels are returned as (from, to) for each row (or column).
fn runs(
    mask: &[bool],
    width: usize,
    height: usize,
    vertical: bool,
    min: usize,
    gap: usize,
) -> Vec<Vec<(usize, usize)>> {
    let (outer, inner) = if vertical { (width, height) } else { (height, width) };
    let at = |o: usize, i: usize| if vertical { mask[i * width + o] } else { mask[o * width + i] };
    let mut out = vec![Vec::new(); outer];
    for (o, row) in out.iter_mut().enumerate() {
        let mut start: Option<usize> = None;
        let mut last = 0usize;
        for i in 0..inner {
            if at(o, i) {
                if start.is_none() {
                    start = Some(i);
                } else if i - last > gap + 1 {
                    let s = start.unwrap_or(i);
                    if last + 1 - s >= min {
                        row.push((s, last + 1));
                    }
                    start = Some(i);
                }
                last = i;
            }
        }
        if let Some(s) = start {
            if last + 1 - s >= min {
                row.push((s, last + 1));
            }
        }
    }
    out
}

/// Joins runs of neighbouring rows (columns) that overlap into segments with a thickness.
fn segments(rows: &[Vec<(usize, usize)>], vertical: bool, max_thick: usize) -> Vec<Segment> {
    // open: (first row, last row, from, to)
    let mut open: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut done = Vec::new();
    for (r, runs) in rows.iter().enumerate() {
        let mut next = Vec::new();
        for &(a, b) in runs {
            // a run joins an open segment of the previous row that overlaps it mostly
            // (a line turned a little crosses into the next row: any overlap joins)
            if let Some(k) = open.iter().position(|&(_, last, f, t)| last + 1 == r && a.max(f) < b.min(t)) {
                let (first, _, f, t) = open.swap_remove(k);
                next.push((first, r, f.min(a), t.max(b)));
            } else {
                next.push((r, r, a, b));
            }
        }
        done.append(&mut open);
        open = next;
    }
    done.append(&mut open);
    done.into_iter()
        .filter(|&(first, last, _, _)| last + 1 - first <= max_thick)
        .map(|(first, last, f, t)| Segment {
            vertical,
            at: (first + last) as f64 / 2.0 + 0.5,
            half: (last + 1 - first) as f64 / 2.0,
            from: f as f64,
            to: t as f64,
        })
        .collect()
}

/// Positions closer than `tol` taken as one (the mean of each group), sorted.
fn cluster(mut values: Vec<f64>, tol: f64) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some((sum, n)) if v - *sum / *n as f64 <= tol => {
                *sum += v;
                *n += 1;
            }
            _ => out.push((v, 1)),
        }
    }
    out.into_iter().map(|(s, n)| s / n as f64).collect()
}

/// How much of `from..to` the segments given (along one line) cover, as a share.
fn coverage(segs: &[&Segment], from: f64, to: f64) -> f64 {
    if to <= from {
        return 0.0;
    }
    let mut spans: Vec<(f64, f64)> =
        segs.iter().map(|s| (s.from.max(from), s.to.min(to))).filter(|(a, b)| b > a).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut covered, mut end) = (0.0, from);
    for (a, b) in spans {
        let a = a.max(end);
        if b > a {
            covered += b - a;
            end = b;
        }
    }
    covered / (to - from)
}

/// Finds the ruled tables of an upright page. `mask` is its ink; `em` the height of its text in
/// pixels (lines shorter than a few characters are strokes, not borders); `max_cells` bounds the
/// cells kept (beyond it, `None`).
pub fn find(mask: &[bool], width: u32, height: u32, em: f64, max_cells: usize) -> Option<Grids> {
    let (w, h) = (width as usize, height as usize);
    let gap = ((em / 10.0).round() as usize).clamp(1, 4);
    let thick = ((em / 3.0).round() as usize).max(3);
    let min_h = ((em * 4.0) as usize).max(24);
    let min_v = ((em * 1.1) as usize).max(10);
    let hs = segments(&runs(mask, w, h, false, min_h, gap), false, thick);
    let vs_all = segments(&runs(mask, w, h, true, min_v, gap), true, thick);
    let tol = (em / 3.0).max(3.0);
    // a border ends on (or crosses) a line of the other direction at both ends
    let meets = |v: &Segment, y: f64| {
        hs.iter().any(|s| (s.at - y).abs() <= tol + s.half && v.at >= s.from - tol && v.at <= s.to + tol)
    };
    let vs: Vec<Segment> = vs_all.into_iter().filter(|v| meets(v, v.from) && meets(v, v.to)).collect();
    let hs: Vec<Segment> = hs
        .into_iter()
        .filter(|s| vs.iter().any(|v| (v.at - s.from).abs() <= tol + v.half || (v.at - s.to).abs() <= tol + v.half))
        .collect();
    let mut grids = Grids::default();
    // tables: groups of horizontal lines linked by the verticals between them
    let mut group: Vec<usize> = (0..hs.len()).collect();
    fn root(g: &mut [usize], mut i: usize) -> usize {
        while g[i] != i {
            g[i] = g[g[i]];
            i = g[i];
        }
        i
    }
    for v in &vs {
        let touching: Vec<usize> = hs
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                s.at >= v.from - tol - s.half
                    && s.at <= v.to + tol + s.half
                    && v.at >= s.from - tol
                    && v.at <= s.to + tol
            })
            .map(|(i, _)| i)
            .collect();
        for pair in touching.windows(2) {
            let (a, b) = (root(&mut group, pair[0]), root(&mut group, pair[1]));
            group[a] = b;
        }
    }
    let mut tables: Vec<Vec<usize>> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    for i in 0..hs.len() {
        let r = root(&mut group, i);
        match roots.iter().position(|&x| x == r) {
            Some(k) => tables[k].push(i),
            None => {
                roots.push(r);
                tables.push(vec![i]);
            }
        }
    }
    for members in tables.into_iter().filter(|m| m.len() >= 2) {
        let lines: Vec<&Segment> = members.iter().map(|&i| &hs[i]).collect();
        let x0 = lines.iter().map(|s| s.from).fold(f64::MAX, f64::min);
        let x1 = lines.iter().map(|s| s.to).fold(f64::MIN, f64::max);
        let ys = cluster(lines.iter().map(|s| s.at).collect(), tol);
        let (y0, y1) = (ys[0], ys[ys.len() - 1]);
        let cols: Vec<&Segment> = vs
            .iter()
            .filter(|v| v.at >= x0 - tol && v.at <= x1 + tol && v.to >= y0 - tol && v.from <= y1 + tol)
            .collect();
        let mut xs = cluster(cols.iter().map(|v| v.at).collect(), tol);
        // the outline's sides, where the horizontal lines end, are borders even if not seen
        if xs.first().is_none_or(|&x| (x - x0).abs() > tol) {
            xs.insert(0, x0);
        }
        if xs.last().is_none_or(|&x| (x - x1).abs() > tol) {
            xs.push(x1);
        }
        if xs.len() < 2 {
            continue;
        }
        let half_h = lines.iter().map(|s| s.half).fold(0.0, f64::max);
        let half_v = cols.iter().map(|s| s.half).fold(0.0, f64::max);
        // cells band by band; a cell whose bottom line is missing goes on into the next band
        let first_cell = grids.cells.len();
        let mut open: Vec<Cell> = Vec::new();
        for (b, pair) in ys.windows(2).enumerate() {
            let (top, bottom) = (pair[0], pair[1]);
            // the outer borders stand for every band (a border can fade where a band is shaded)
            let present: Vec<f64> = xs
                .iter()
                .copied()
                .filter(|&x| {
                    if (x - x0).abs() <= tol || (x - x1).abs() <= tol {
                        return true;
                    }
                    let on: Vec<&Segment> = cols.iter().copied().filter(|v| (v.at - x).abs() <= tol).collect();
                    let along: Vec<Segment> = on.iter().map(|v| Segment { from: v.from, to: v.to, ..**v }).collect();
                    let refs: Vec<&Segment> = along.iter().collect();
                    coverage(&refs, top + half_h, bottom - half_h) >= 0.8
                })
                .collect();
            let mut next_open = Vec::new();
            for pair in present.windows(2) {
                let (left, right) = (pair[0], pair[1]);
                let mut cell = Cell { x0: left + half_v, y0: top + half_h, x1: right - half_v, y1: bottom - half_h };
                if let Some(k) =
                    open.iter().position(|c| (c.x0 - cell.x0).abs() <= tol && (c.x1 - cell.x1).abs() <= tol)
                {
                    cell.y0 = open.swap_remove(k).y0;
                }
                // the line under this band, along this cell
                let under: Vec<&Segment> =
                    lines.iter().copied().filter(|s| (s.at - bottom).abs() <= tol + s.half).collect();
                let last_band = b + 2 == ys.len();
                if !last_band && coverage(&under, cell.x0, cell.x1) < 0.5 {
                    next_open.push(cell);
                } else {
                    grids.cells.push(cell);
                    if grids.cells.len() > max_cells {
                        return None;
                    }
                }
            }
            // cells left open whose columns stopped: closed where they are
            grids.cells.append(&mut open);
            open = next_open;
        }
        grids.cells.append(&mut open);
        grids.tables.push((x0, y0, x1, y1));
        // the borders as the cells have them: one line where a table draws two close together
        // (HTML's cellspacing), none where cells are merged
        let mut seen = std::collections::HashSet::new();
        for c in &grids.cells[first_cell..] {
            let (l, r, t, b) = (c.x0 - half_v, c.x1 + half_v, c.y0 - half_h, c.y1 + half_h);
            for seg in [
                Segment { vertical: true, at: l, half: half_v, from: t, to: b },
                Segment { vertical: true, at: r, half: half_v, from: t, to: b },
                Segment { vertical: false, at: t, half: half_h, from: l, to: r },
                Segment { vertical: false, at: b, half: half_h, from: l, to: r },
            ] {
                let key = (seg.vertical, seg.at.round() as i64, seg.from.round() as i64, seg.to.round() as i64);
                if seen.insert(key) {
                    grids.segments.push(seg);
                }
            }
        }
    }
    grids.cells.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    Some(grids)
}

/// The typical height of the page's characters in pixels: the upper quartile of the heights of
/// its ink fragments (strokes of a character are fragments too, whole characters the taller
/// ones), ruling lines left out. `None` when there are more fragments than `max_components`.
pub fn text_height(mask: &[bool], width: u32, height: u32, max_components: usize) -> Option<f64> {
    let boxes = components(mask, width, height, max_components)?;
    let mut heights: Vec<u32> = boxes
        .iter()
        .filter(|b| {
            let (w, h) = (b.2 - b.0 + 1, b.3 - b.1 + 1);
            h >= 6 && w >= 2 && h < height / 8 && w < h * 4 && h < w * 8
        })
        .map(|b| b.3 - b.1 + 1)
        .collect();
    if heights.len() < 3 {
        return Some(20.0);
    }
    heights.sort_unstable();
    Some(f64::from(heights[heights.len() * 3 / 4]))
}

/// Bounding boxes (x0, y0, x1, y1, inclusive) of the 8-connected ink fragments; `None` when
/// there are more than `max`.
pub fn components(mask: &[bool], width: u32, height: u32, max: usize) -> Option<Vec<(u32, u32, u32, u32)>> {
    let (w, h) = (width as usize, height as usize);
    let mut label = vec![u32::MAX; w * h];
    let mut boxes: Vec<(u32, u32, u32, u32)> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for start in 0..w * h {
        if !mask[start] || label[start] != u32::MAX {
            continue;
        }
        if boxes.len() >= max {
            return None;
        }
        let id = boxes.len() as u32;
        let (sx, sy) = ((start % w) as u32, (start / w) as u32);
        let mut bb = (sx, sy, sx, sy);
        label[start] = id;
        stack.push(start);
        while let Some(p) = stack.pop() {
            let (x, y) = (p % w, p / w);
            bb = (bb.0.min(x as u32), bb.1.min(y as u32), bb.2.max(x as u32), bb.3.max(y as u32));
            for dy in [-1i64, 0, 1] {
                for dx in [-1i64, 0, 1] {
                    let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                    if nx < 0 || ny < 0 || nx >= w as i64 || ny >= h as i64 {
                        continue;
                    }
                    let q = ny as usize * w + nx as usize;
                    if mask[q] && label[q] == u32::MAX {
                        label[q] = id;
                        stack.push(q);
                    }
                }
            }
        }
        boxes.push(bb);
    }
    Some(boxes)
}

/// Whitens the given rectangles of a picture (the tables, before the text around them is read).
pub fn whiten(img: &mut Gray, rects: &[(f64, f64, f64, f64)], margin: f64) {
    for &(x0, y0, x1, y1) in rects {
        let clamp = |v: f64, max: u32| (v.max(0.0) as u32).min(max);
        let (x0, x1) = (clamp(x0 - margin, img.width), clamp(x1 + margin + 1.0, img.width));
        let (y0, y1) = (clamp(y0 - margin, img.height), clamp(y1 + margin + 1.0, img.height));
        for y in y0..y1 {
            let row = y as usize * img.width as usize;
            img.data[row + x0 as usize..row + x1 as usize].fill(255);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3-row table: a header row spanning both columns, then two rows of two cells.
    fn table() -> (Vec<bool>, u32, u32) {
        let (w, h) = (400u32, 200u32);
        let mut m = vec![false; (w * h) as usize];
        let mut line = |x0: u32, y0: u32, x1: u32, y1: u32| {
            for y in y0..y1 {
                for x in x0..x1 {
                    m[(y * w + x) as usize] = true;
                }
            }
        };
        for y in [20, 70, 120, 170] {
            line(20, y, 380, y + 2);
        }
        line(20, 20, 22, 172);
        line(378, 20, 380, 172);
        line(200, 70, 202, 172);
        (m, w, h)
    }

    #[test]
    fn cells_with_a_merged_header() {
        let (m, w, h) = table();
        let g = find(&m, w, h, 16.0, 100).unwrap();
        assert_eq!(g.tables.len(), 1);
        assert_eq!(g.cells.len(), 5, "{:?}", g.cells);
        // the header spans the width
        assert!(g.cells[0].x1 - g.cells[0].x0 > 300.0);
        assert!(g.cells[1].x1 < 201.0 && g.cells[2].x0 > 201.0);
    }

    #[test]
    fn a_missing_line_merges_rows() {
        let (mut m, w, h) = table();
        // take the line between rows 2 and 3 away under the left cell
        for y in 120..122 {
            for x in 22..200 {
                m[(y * w + x) as usize] = false;
            }
        }
        let g = find(&m, w, h, 16.0, 100).unwrap();
        assert_eq!(g.cells.len(), 4, "{:?}", g.cells);
        let tall = g.cells.iter().find(|c| c.x0 < 30.0 && c.y0 > 60.0).unwrap();
        assert!(tall.y1 > 160.0, "{tall:?}");
    }

    #[test]
    fn too_many_cells_is_refused() {
        let (m, w, h) = table();
        assert!(find(&m, w, h, 16.0, 3).is_none());
    }
}
