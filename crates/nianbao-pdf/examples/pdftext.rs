//! Prints the text `pdf_to_text` reads from a PDF file (for looking at the reading by eye).
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("用法：pdftext 文件.pdf");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("无法读取 {path}：{e}");
            std::process::exit(1);
        }
    };
    match nianbao_pdf::pdf_to_text(&bytes) {
        Ok(text) => print!("{text}"),
        Err(why) => {
            eprintln!("{path}：{why}");
            std::process::exit(1);
        }
    }
}
