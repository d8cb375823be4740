//! The Excel workbook of an export: what the app sends (a [`Sheet`]) and, with the `write`
//! feature, the `.xlsx` file made of it. The app depends on the types only; the writer runs in
//! the worker (`main.rs`) that the app starts when an admin exports to Excel.

use serde::{Deserialize, Serialize};

/// One sheet: its name, a header row and a row per conversation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A cell as it must read in Excel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Empty,
    /// Text, never a formula or a number: a phone number keeps its leading 0.
    Text(String),
    Number(u64),
    /// A time, as the admin's clock showed it: Unix seconds plus the zone's offset.
    Time(i64),
}

#[cfg(feature = "write")]
pub use write::workbook;

#[cfg(feature = "write")]
mod write {
    use super::{Cell, Sheet};
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

    /// Excel's longest text in a cell.
    const MAX_CELL_CHARS: usize = 32_767;
    /// The widest a column is made, in characters: a long message wraps its column no wider.
    const MAX_WIDTH: usize = 60;

    /// The `.xlsx` file of `sheet`: the header in bold, frozen and filtered; columns as wide as
    /// their content (within bounds); times in Excel's date format.
    pub fn workbook(sheet: &Sheet) -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let page = book.add_worksheet();
        page.set_name(sheet_name(&sheet.name))?;
        let bold = Format::new().set_bold();
        let date = Format::new().set_num_format("dd/mm/yyyy hh:mm:ss");
        let mut widths: Vec<usize> = sheet.header.iter().map(|h| h.chars().count()).collect();
        for (col, title) in (0u16..).zip(&sheet.header) {
            page.write_string_with_format(0, col, title, &bold)?;
        }
        for (row, cells) in (1u32..).zip(&sheet.rows) {
            for (col, cell) in (0u16..).zip(cells) {
                let width = match cell {
                    Cell::Empty => 0,
                    Cell::Text(text) => {
                        let text = match text.char_indices().nth(MAX_CELL_CHARS) {
                            Some((cut, _)) => &text[..cut],
                            None => text,
                        };
                        page.write_string(row, col, text)?;
                        text.chars().count()
                    }
                    Cell::Number(n) => {
                        page.write_number(row, col, *n as f64)?;
                        n.to_string().len()
                    }
                    Cell::Time(secs) => {
                        let time = ExcelDateTime::from_timestamp(*secs)?;
                        page.write_datetime_with_format(row, col, &time, &date)?;
                        19
                    }
                };
                if let Some(widest) = widths.get_mut(usize::from(col)) {
                    *widest = (*widest).max(width);
                }
            }
        }
        let last_row = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
        if let Some(last_col) = widths.len().checked_sub(1) {
            page.set_freeze_panes(1, 0)?;
            page.autofilter(0, 0, last_row, last_col as u16)?;
        }
        for (col, width) in (0u16..).zip(widths) {
            page.set_column_width(col, (width.clamp(6, MAX_WIDTH) + 2) as f64)?;
        }
        book.save_to_buffer()
    }

    /// A name Excel takes for a sheet: at most 31 characters, none of `[]:*?/\`.
    fn sheet_name(name: &str) -> String {
        let name: String = name
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        if name.trim().is_empty() {
            "Sheet1".to_owned()
        } else {
            name
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_workbook_of_every_kind_of_cell() {
            let sheet = Sheet {
                name: "vChat: 2026/11/30".into(),
                header: vec!["Mã khách".into(), "Điện thoại".into(), "Thời gian".into()],
                rows: vec![
                    vec![
                        Cell::Number(156_509_782),
                        Cell::Text("0913911427".into()),
                        Cell::Time(1_436_174_848),
                    ],
                    vec![
                        Cell::Empty,
                        Cell::Text("=HYPERLINK(\"x\")".into()),
                        Cell::Empty,
                    ],
                    vec![Cell::Text("x".repeat(40_000))],
                ],
            };
            let file = workbook(&sheet).expect("a workbook");
            // A zip archive, as every .xlsx is.
            assert_eq!(file.get(..4), Some(&b"PK\x03\x04"[..]));
            assert_eq!(sheet_name(&sheet.name), "vChat 20261130");
            assert_eq!(sheet_name("[]"), "Sheet1");
        }
    }
}
