// Scans made for the browser tests from corpus PDFs: each page rendered by poppler's pdftoppm to
// a JPEG (150 dpi, as a 盖章扫描件 is published) and the pages wrapped into an image-only PDF
// written here (one DCTDecode image a page, no text layer), the form a scanned report comes in.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** A JPEG's width, height and number of components, from its SOF marker. */
export function jpegSize(buf) {
  let at = 2;
  while (at + 9 < buf.length) {
    if (buf[at] !== 0xff) throw new Error('not a JPEG marker at ' + at);
    const marker = buf[at + 1];
    const len = buf.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: buf.readUInt16BE(at + 5), width: buf.readUInt16BE(at + 7), components: buf[at + 9] };
    }
    at += 2 + len;
  }
  throw new Error('JPEG without a frame header');
}

/** An image-only PDF: each JPEG a page, the page sized for `dpi`. */
export function imagePdf(jpegs, dpi) {
  const objects = []; // [number, Buffer parts]
  const add = (parts) => { objects.push(parts); return objects.length; };
  const catalog = add(null);
  const pages = add(null);
  const kids = [];
  for (const jpeg of jpegs) {
    const { width, height, components } = jpegSize(jpeg);
    const space = components === 1 ? '/DeviceGray' : '/DeviceRGB';
    const image = add([Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace ${space} /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`), jpeg, Buffer.from('\nendstream')]);
    const w = (width * 72) / dpi;
    const h = (height * 72) / dpi;
    const draw = `q ${w.toFixed(2)} 0 0 ${h.toFixed(2)} 0 0 cm /Im0 Do Q`;
    const content = add([Buffer.from(`<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`)]);
    kids.push(add([Buffer.from(`<< /Type /Page /Parent ${pages} 0 R /MediaBox [0 0 ${w.toFixed(2)} ${h.toFixed(2)}] /Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${content} 0 R >>`)]));
  }
  objects[catalog - 1] = [Buffer.from(`<< /Type /Catalog /Pages ${pages} 0 R >>`)];
  objects[pages - 1] = [Buffer.from(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`)];
  const out = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let size = out[0].length;
  const offsets = [];
  objects.forEach((parts, i) => {
    offsets.push(size);
    const all = [Buffer.from(`${i + 1} 0 obj\n`), ...parts, Buffer.from('\nendobj\n')];
    for (const p of all) { out.push(p); size += p.length; }
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  out.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${size}\n%%EOF\n`));
  return Buffer.concat(out);
}

/** A corpus PDF as a scan: pdftoppm's JPEG pages (poppler-utils) wrapped into an image-only PDF. */
export function scanPdf(pdf, dpi = 150) {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-scan-'));
  try {
    const r = spawnSync('pdftoppm', ['-r', String(dpi), '-jpeg', '-jpegopt', 'quality=85', pdf, join(dir, 'p')]);
    if (r.status !== 0) throw new Error('pdftoppm (poppler-utils, scripts/setup.sh) failed: ' + r.stderr);
    const pages = readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    return imagePdf(pages.map((f) => readFileSync(join(dir, f))), dpi);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
