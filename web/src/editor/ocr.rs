//! The banner of a draft whose table numbers were read from pictures by OCR (a scanned PDF, a
//! pictured table): how many numbers were read, how many doubtfully, and how the cells are
//! marked, until every reading has been typed over or confirmed by the clerk. Hook:
//! `data-testid="ocr-banner"`.

use super::Doc;
use leptos::prelude::*;

/// Shown while any cell holds an OCR reading.
#[component]
pub fn OcrBanner() -> impl IntoView {
    let doc = expect_context::<Doc>();
    // (a memo: the banner is redrawn when the counts change, not on every keystroke)
    let counts = Memo::new(move |_| doc.report.with(|r| r.provenance.ocr_counts()));
    move || {
        let (read, doubtful) = counts.get();
        (read > 0).then(|| {
            let doubt = if doubtful > 0 {
                format!("，其中 {doubtful} 个把握较低（橙色实线）")
            } else {
                String::new()
            };
            view! {
                <div class="banner ocr-banner no-print" data-testid="ocr-banner">
                    <span>
                        {format!("本报告的表格由文字识别（OCR）从图片读出：{read} 个数字带蓝色虚线{doubt}。")}
                        "识别结果未作任何修改，请对照原件核对；在格中重新填写后，该格即不再标为识别结果。"
                    </span>
                </div>
            }
        })
    }
}
