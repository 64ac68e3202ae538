//! Preparing a page for reading: the ink threshold and the skew.

use crate::image::Gray;

/// The gray level below which a pixel is ink (Otsu's threshold over the picture's histogram),
/// kept within 64..=224 so that a blank or all-dark picture still gets a sensible one.
pub fn ink_threshold(img: &Gray) -> u8 {
    let mut hist = [0u64; 256];
    for &p in &img.data {
        hist[p as usize] += 1;
    }
    let total: u64 = hist.iter().sum();
    if total == 0 {
        return 128;
    }
    let sum_all: f64 = hist.iter().enumerate().map(|(i, &n)| i as f64 * n as f64).sum();
    let (mut weight_b, mut sum_b, mut best, mut best_t) = (0f64, 0f64, -1f64, 128usize);
    for (t, &n) in hist.iter().enumerate() {
        weight_b += n as f64;
        if weight_b == 0.0 {
            continue;
        }
        let weight_f = total as f64 - weight_b;
        if weight_f == 0.0 {
            break;
        }
        sum_b += t as f64 * n as f64;
        let mean_b = sum_b / weight_b;
        let mean_f = (sum_all - sum_b) / weight_f;
        let between = weight_b * weight_f * (mean_b - mean_f).powi(2);
        if between > best {
            best = between;
            best_t = t;
        }
    }
    (best_t as u8).clamp(64, 224)
}

/// The paper's gray level: the commonest level in the lighter half.
pub fn paper_level(img: &Gray) -> u8 {
    let mut hist = [0u64; 256];
    for &p in &img.data {
        hist[p as usize] += 1;
    }
    (128..256).max_by_key(|&i| hist[i]).unwrap_or(255) as u8
}

/// The thresholds a page is read with: (ink, lines). Ink is Otsu's threshold, but never above
/// 60% of the paper's level (a shaded header row or a noisy scan's gray background would
/// otherwise pull it up into the paper); lines are looked for with a lighter one, halfway from
/// the ink threshold to white but never above 78% of the paper (a thin border turned by the
/// deskew spreads over two columns of half-dark pixels).
pub fn thresholds(img: &Gray) -> (u8, u8) {
    let paper = f64::from(paper_level(img));
    let ink = f64::from(ink_threshold(img));
    let lines = (ink + (255.0 - ink) / 2.0).min(paper * 0.78).max(ink);
    (ink as u8, lines as u8)
}

/// Ink mask of a picture: true where the pixel is darker than `threshold`.
pub fn ink(img: &Gray, threshold: u8) -> Vec<bool> {
    img.data.iter().map(|&p| p < threshold).collect()
}

/// The skew of the page's lines in degrees (positive: lines rise to the right as seen), found
/// within ±`max` degrees by the sharpness of the ink's row profile: a sample of ink pixels is
/// projected along each candidate angle and the angle whose rows are most uneven wins (text
/// lines and table rules then fall into few rows).
pub fn skew(mask: &[bool], width: u32, height: u32, max: f64) -> f64 {
    // at most about 200,000 ink pixels, taken evenly
    let ink_count = mask.iter().filter(|&&b| b).count();
    if ink_count < 100 {
        return 0.0;
    }
    let step = (ink_count / 200_000).max(1);
    let points: Vec<(f64, f64)> = mask
        .iter()
        .enumerate()
        .filter(|(_, &b)| b)
        .step_by(step)
        .map(|(i, _)| ((i % width as usize) as f64, (i / width as usize) as f64))
        .collect();
    let cx = f64::from(width) / 2.0;
    let rows = height as usize + width as usize;
    let score = |deg: f64| -> f64 {
        let t = deg.to_radians().tan();
        let mut bins = vec![0u32; rows * 2 + 1];
        for &(x, y) in &points {
            // a line rising to the right by `deg` has y + (x - cx)·tan(deg) constant
            let r = (y + (x - cx) * t).round() as i64 + rows as i64;
            if let Some(b) = usize::try_from(r).ok().and_then(|r| bins.get_mut(r)) {
                *b += 1;
            }
        }
        bins.iter().map(|&n| f64::from(n) * f64::from(n)).sum()
    };
    let search = |from: f64, to: f64, step: f64| -> f64 {
        let mut best: (f64, f64) = (f64::MIN, 0.0);
        let mut a = from;
        while a <= to + 1e-9 {
            let s = score(a);
            if s > best.0 {
                best = (s, a);
            }
            a += step;
        }
        best.1
    };
    let coarse = search(-max, max, 0.2);
    let fine = search(coarse - 0.2, coarse + 0.2, 0.02);
    (fine * 100.0).round() / 100.0
}

/// A page made upright: turned back by its skew when that is more than a twentieth of a degree.
/// Returns the picture to read and the angle it was turned by.
pub fn deskew(img: &Gray, max: f64) -> (Gray, f64) {
    let mask = ink(img, thresholds(img).0);
    let angle = skew(&mask, img.width, img.height, max);
    if angle.abs() < 0.05 {
        return (img.clone(), 0.0);
    }
    // lines rising to the right are turned clockwise (negative) to lie flat
    (img.rotate(-angle), angle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_picture(angle: f64) -> Gray {
        // horizontal bars 4 px thick every 40 px, turned by `angle`
        let mut img = Gray::white(600, 400);
        for y in 0..400u32 {
            for x in 50..550u32 {
                if (y % 40) < 4 && y > 20 && y < 380 {
                    img.data[(y * 600 + x) as usize] = 0;
                }
            }
        }
        img.rotate(angle)
    }

    #[test]
    fn finds_the_skew_of_ruled_lines() {
        for angle in [-2.5, -0.7, 0.0, 1.3] {
            let img = lines_picture(angle);
            let mask = ink(&img, ink_threshold(&img));
            let found = skew(&mask, img.width, img.height, 3.0);
            assert!((found - angle).abs() <= 0.1 + 1e-9, "turned {angle}°, found {found}°");
        }
    }

    #[test]
    fn threshold_lies_between_ink_and_paper() {
        let mut img = Gray::white(100, 100);
        for p in img.data.iter_mut().take(3000) {
            *p = 30;
        }
        let t = ink_threshold(&img);
        assert!(t > 30 && t < 255, "{t}");
    }
}
