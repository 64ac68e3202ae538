//! The blank application ledger (依申请公开登记台账) a clerk downloads: the columns the ledger
//! reader recognises, drop-down lists of the applicant types and of the outcomes of the
//! edition's table 三 (taken from the layout), and a sheet that says how to fill it in.

use nianbao_core::layout::{layout, short_label, Edition};
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, Formula, Workbook, XlsxError};

/// The header of the ledger sheet.
pub const HEADERS: [&str; 10] =
    ["序号", "收到日期", "申请人", "申请人类型", "申请方式", "申请内容", "答复日期", "办理结果", "延期", "备注"];

/// The applicant types of the drop-down list.
pub const APPLICANT_TYPES: [&str; 6] = [
    "自然人",
    "法人或其他组织-商业企业",
    "法人或其他组织-科研机构",
    "法人或其他组织-社会公益组织",
    "法人或其他组织-法律服务机构",
    "法人或其他组织-其他",
];

/// The outcomes of table 三's result rows, as the drop-down list offers them: a row of a group
/// as "不予公开-属于国家秘密", 2021's 3.其他 with 撤回 named.
pub fn outcomes(edition: Edition) -> Vec<String> {
    let l = layout(edition);
    l.t3_result_rows()
        .map(|r| {
            let row = &l.t3_rows[r];
            let label = short_label(row.label);
            let label = label.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            match row.group.and_then(|g| l.t3_groups.iter().find(|x| x.key == g)) {
                Some(g) => {
                    let group = g.label.split('）').nth(1).unwrap_or(g.label);
                    let extra = if row.key == "other_misc" { "（含申请人撤回申请）" } else { "" };
                    format!("{group}-{label}{extra}")
                }
                None => label.split('）').nth(1).unwrap_or(label).split('（').next().unwrap_or("").to_string(),
            }
        })
        .collect()
}

/// The columns of the sheet of 复议/诉讼 cases (read by `nianbao_core::ledger::cases`).
const CASE_HEADERS: [&str; 7] = ["序号", "案件类型", "是否经复议", "收到日期", "结案日期", "结果", "备注"];
/// The kinds of case offered.
const CASE_KINDS: [&str; 2] = ["行政复议", "行政诉讼"];
/// The results offered: one of each column of table 四.
const CASE_RESULTS: [&str; 6] = ["维持", "驳回", "撤销", "确认违法", "撤回", "终止"];

/// The template as .xlsx bytes for the edition of a report year: the applications' sheet, the
/// sheet of 复议/诉讼 cases (table 四) and the notes with the lists.
pub fn ledger_template(edition: Edition) -> Result<Vec<u8>, String> {
    build(edition).map_err(|e| format!("无法生成台账模板：{e}"))
}

fn build(edition: Edition) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_align(FormatAlign::Center).set_border(rust_xlsxwriter::FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let title = Format::new().set_bold().set_font_size(14);
    let outcomes = outcomes(edition);
    let rows: u32 = 2000;
    {
        let sheet = book.add_worksheet().set_name("台账")?;
        sheet.write_with_format(0, 0, "政府信息公开申请办理台账（每件申请一行）", &title)?;
        for (c, h) in HEADERS.iter().enumerate() {
            sheet.write_with_format(1, c as u16, *h, &head)?;
        }
        for (c, w) in [6.0, 12.0, 24.0, 26.0, 10.0, 36.0, 12.0, 40.0, 8.0, 20.0].iter().enumerate() {
            sheet.set_column_width(c as u16, *w)?;
        }
        sheet.set_column_format(1, &date)?;
        sheet.set_column_format(6, &date)?;
        sheet.set_freeze_panes(2, 0)?;
        let kinds = DataValidation::new()
            .allow_list_formula(Formula::new(format!("=填写说明!$A$3:$A${}", 2 + APPLICANT_TYPES.len())))
            .set_input_title("申请人类型")?
            .set_input_message("自然人，或法人或其他组织及其类别")?;
        sheet.add_data_validation(2, 3, rows, 3, &kinds)?;
        let results = DataValidation::new()
            .allow_list_formula(Formula::new(format!("=填写说明!$B$3:$B${}", 2 + outcomes.len())))
            .set_input_title("办理结果")?
            .set_input_message("答复后填写；不予公开、无法提供、不予处理须选明理由")?;
        sheet.add_data_validation(2, 7, rows, 7, &results)?;
        let yes_no = DataValidation::new().allow_list_strings(&["是", "否"])?;
        sheet.add_data_validation(2, 8, rows, 8, &yes_no)?;
        let dates = DataValidation::new()
            .allow_date(rust_xlsxwriter::DataValidationRule::GreaterThan(rust_xlsxwriter::ExcelDateTime::from_ymd(
                2000, 1, 1,
            )?))
            .set_input_title("日期")?
            .set_input_message("如 2025-01-05")?;
        sheet.add_data_validation(2, 1, rows, 1, &dates)?;
        sheet.add_data_validation(2, 6, rows, 6, &dates)?;
    }
    {
        // table 四's cases: one row per 行政复议 or 行政诉讼 case
        let sheet = book.add_worksheet().set_name("行政复议诉讼")?;
        sheet.write_with_format(0, 0, "政府信息公开行政复议、行政诉讼案件台账（每件案件一行）", &title)?;
        for (c, h) in CASE_HEADERS.iter().enumerate() {
            sheet.write_with_format(1, c as u16, *h, &head)?;
        }
        for (c, w) in [6.0, 14.0, 12.0, 12.0, 12.0, 30.0, 20.0].iter().enumerate() {
            sheet.set_column_width(c as u16, *w)?;
        }
        sheet.set_column_format(3, &date)?;
        sheet.set_column_format(4, &date)?;
        sheet.set_freeze_panes(2, 0)?;
        let kinds = DataValidation::new().allow_list_strings(&CASE_KINDS)?;
        sheet.add_data_validation(2, 1, rows, 1, &kinds)?;
        let route = DataValidation::new()
            .allow_list_strings(&["是", "否"])?
            .set_input_title("是否经复议")?
            .set_input_message("行政诉讼填写：复议后起诉填“是”，未经复议直接起诉填“否”")?;
        sheet.add_data_validation(2, 2, rows, 2, &route)?;
        let results = DataValidation::new()
            .allow_list_strings(&CASE_RESULTS)?
            .set_input_title("结果")?
            .set_input_message("结案后填写；尚未审结的留空")?;
        sheet.add_data_validation(2, 5, rows, 5, &results)?;
    }
    {
        let sheet = book.add_worksheet().set_name("填写说明")?;
        sheet.write_with_format(0, 0, "填写说明", &title)?;
        sheet.write_with_format(1, 0, "申请人类型", &head)?;
        sheet.write_with_format(1, 1, "办理结果", &head)?;
        sheet.write_with_format(1, 3, "说明", &head)?;
        for (i, k) in APPLICANT_TYPES.iter().enumerate() {
            sheet.write(2 + i as u32, 0, *k)?;
        }
        for (i, o) in outcomes.iter().enumerate() {
            sheet.write(2 + i as u32, 1, o.as_str())?;
        }
        let notes = [
            "每件申请填一行，收到日期必填；答复后填写答复日期和办理结果。",
            "日期可写作 2025-01-05、2025/1/5、2025年1月5日，或用 Excel 日期。",
            "尚未答复的申请，答复日期和办理结果留空：统计时计入“结转下年度继续办理”。",
            "申请人类型留空时，按申请人名称推定（公司→商业企业、律师事务所→法律服务机构等），并列出供核对。",
            "延期答复的填“是”：答复期限按40个工作日计算，否则按20个工作日。",
            "行政复议、行政诉讼案件填在“行政复议诉讼”工作表，每件一行：本年结案的按结果计入表四，年底尚未结案的计入“尚未审结”。",
            "在“年报助手”的编辑页第三部分点“从台账生成表三”，或用命令 nianbao ledger 台账.xlsx --year 2025。",
        ];
        for (i, n) in notes.iter().enumerate() {
            sheet.write(2 + i as u32, 3, *n)?;
        }
        sheet.set_column_width(0, 28)?;
        sheet.set_column_width(1, 60)?;
        sheet.set_column_width(3, 90)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every outcome the list offers is read back as its own row of table 三 by the ledger
    /// reader, in both editions; so is every applicant type.
    #[test]
    fn the_lists_read_back_as_their_rows() {
        for edition in [Edition::E2019, Edition::E2021] {
            let l = layout(edition);
            let keys: Vec<&str> = l.t3_result_rows().map(|r| l.t3_rows[r].key).collect();
            let offered = outcomes(edition);
            assert_eq!(offered.len(), keys.len());
            for (o, k) in offered.iter().zip(&keys) {
                assert_eq!(nianbao_core::ledger::classify::outcome(l, o), Some(*k), "{o}");
            }
        }
        let cols = ["np", "biz", "sci", "npo", "law", "oth"];
        for (t, c) in APPLICANT_TYPES.iter().zip(cols) {
            assert_eq!(nianbao_core::ledger::classify::applicant(t, "").map(|x| x.0), Some(c), "{t}");
        }
        assert!(ledger_template(Edition::E2021).unwrap().starts_with(b"PK"));
        // the case sheet's header and results are read back by the case reader
        let header: Vec<String> = CASE_HEADERS.iter().map(|h| h.to_string()).collect();
        assert!(nianbao_core::ledger::cases::find_header(&[header]).is_some());
        for r in CASE_RESULTS {
            assert!(nianbao_core::ledger::cases::result(r).is_some(), "{r}");
        }
        for k in CASE_KINDS {
            assert!(nianbao_core::ledger::cases::group(k, "").is_some(), "{k}");
        }
    }
}
