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

/// A cell, quoted when it holds a comma, a quote or a line break (quotes doubled). A value a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a `'` in front,
/// which shows it as the text it is (OWASP's advice for CSV injection).
fn push_cell(out: &mut String, value: &str) {
    let formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = formula || value.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in value.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quoted {
        out.push('"');
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
