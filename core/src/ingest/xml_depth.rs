//! The nesting depth of an XML document, measured before the document is parsed into a
//! tree. The tree parser (`roxmltree` 0.20) recurses once per level of nesting, so a small
//! file nested 100 000 elements deep overflowed the CLI's stack and exhausted the
//! component's call stack (roxmltree issue #154). A streaming reader (`quick-xml`) counts
//! the depth in a loop, without recursion; a document nested deeper than
//! [`MAX_XML_DEPTH`] is refused as too large, at the line where it passes the limit.
//! Whether the document is well-formed stays the tree parser's to say.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::report::{Problem, Severity};
use crate::limits::MAX_XML_DEPTH;

/// `Ok` when no element of `xml` is nested deeper than [`MAX_XML_DEPTH`]; otherwise a
/// problem naming the limit and the physical line of the first element past it.
pub(crate) fn check_depth(file: &str, xml: &str) -> Result<(), Problem> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
                    let before = &xml.as_bytes()[..at.min(xml.len())];
                    let line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u64;
                    return Err(Problem {
                        file: file.to_string(),
                        line: Some(line),
                        column: None,
                        severity: Severity::Rejected,
                        reason: format!(
                            "too large: elements nested more than {MAX_XML_DEPTH} levels deep; the file is not read"
                        ),
                    });
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            // Malformed XML is reported by the tree parser, with its own position.
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(levels: usize) -> String {
        let mut x = String::from("<?xml version=\"1.0\"?>\n");
        for _ in 0..levels {
            x.push_str("<a>\n");
        }
        for _ in 0..levels {
            x.push_str("</a>");
        }
        x
    }

    #[test]
    fn deep_documents_are_refused_at_the_line_where_they_pass_the_limit() {
        assert!(check_depth("ok.xml", &nested(MAX_XML_DEPTH)).is_ok());
        let p = check_depth("deep.xml", &nested(100_000)).unwrap_err();
        // Line 1 is the declaration; element k (1-based) opens on line k + 1, so the
        // first one past the limit is on line MAX_XML_DEPTH + 2.
        assert_eq!(p.line, Some(MAX_XML_DEPTH as u64 + 2));
        assert!(
            p.reason.starts_with("too large: elements nested more than"),
            "{p}"
        );
        // Malformed XML is left to the parser.
        assert!(check_depth("bad.xml", "<a><b></a>").is_ok());
    }
}
