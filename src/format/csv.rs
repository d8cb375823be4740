//! A spreadsheet file of conversations: CSV as RFC 4180 writes it, which Excel opens with
//! Vietnamese intact, and in which no cell from a stranger runs as a formula.

/// The file's text: a byte-order mark (without it Excel reads UTF-8 as the local code page),
/// then one line per row, CRLF-terminated.
pub fn write<'a>(rows: impl IntoIterator<Item = Vec<&'a str>>) -> String {
    let mut out = String::from('\u{feff}');
    for row in rows {
        for (i, value) in row.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_cell(&mut out, value);
        }
        out.push_str("\r\n");
    }
    out
}

/// Where a part of a cell starts that a spreadsheet may read as a cell of its own.
const PART_BREAKS: [char; 4] = [';', '\t', '\r', '\n'];

/// A cell, quoted when it holds a comma, a quote or a line break (quotes doubled). Every part of
/// it a spreadsheet would run as a formula gets a `'` in front, which shows it as the text it is
/// (OWASP's advice for CSV injection): the cell's start, and the start of each part after a `;`, a
/// tab or a line break. Where `;` is the list separator (Vietnamese regional settings, whose
/// decimal mark is `,`), Excel splits a line at every `;` and reads a quote inside a field as a
/// letter, so a line break in a cell ends its row there. A part is a formula when its first
/// character after spaces is `=`, `+`, `-`, `@`, a tab or a CR.
fn push_cell(out: &mut String, value: &str) {
    let formula = |part: &str| {
        part.trim_start_matches(' ')
            .starts_with(['=', '+', '-', '@', '\t', '\r'])
    };
    let mut cell = String::with_capacity(value.len() + 2);
    let mut neutralised = false;
    let mut part_starts = true;
    for (i, c) in value.char_indices() {
        if part_starts && formula(&value[i..]) {
            cell.push('\'');
            neutralised = true;
        }
        if c == '"' {
            cell.push('"');
        }
        cell.push(c);
        part_starts = PART_BREAKS.contains(&c);
    }
    if neutralised || value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&cell);
        out.push('"');
    } else {
        out.push_str(&cell);
    }
}

#[cfg(test)]
mod tests {
    use super::write;

    #[test]
    fn quotes_only_what_needs_it_and_keeps_vietnamese() {
        let text = write([
            vec!["id", "name", "message"],
            vec!["156509782", "Hà Văn Truyền", "chào, \"shop\"\nđơn 2"],
        ]);
        assert_eq!(
            text,
            "\u{feff}id,name,message\r\n156509782,Hà Văn Truyền,\"chào, \"\"shop\"\"\nđơn 2\"\r\n"
        );
    }

    #[test]
    fn formulas_are_neutralised() {
        for (value, cell) in [
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+84 913 911 427", "\"'+84 913 911 427\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\tcmd", "\"'\tcmd\""),
            ("\rcmd", "\"'\rcmd\""),
            ("a=b", "a=b"),
            (" =1+1", "\"' =1+1\""),
            (
                "Hà Nội;=HYPERLINK(\"http://x\";\"y\");",
                "\"Hà Nội;'=HYPERLINK(\"\"http://x\"\";\"\"y\"\");\"",
            ),
            ("a; +84 913;-1", "\"a;' +84 913;'-1\""),
            ("\t=1", "\"'\t'=1\""),
            ("x\t@me", "\"x\t'@me\""),
            ("a;b; c", "a;b; c"),
            ("dòng một\r\n=cmd", "\"dòng một\r\n'=cmd\""),
            ("", ""),
        ] {
            assert_eq!(
                write([vec![value]]),
                format!("\u{feff}{cell}\r\n"),
                "{value:?}"
            );
        }
    }
}
