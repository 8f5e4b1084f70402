//! The line of an XML node, for the import report: the offsets of the document's line
//! feeds found once, then searched for each node. roxmltree's `text_pos_at` counts the
//! line feeds before a position anew on every call — one call per movement made reading
//! a camt.053 file quadratic (20 000 movements in two camt files: 2.4 s, 86 % of it
//! counting lines; see BENCHMARKS.md, issue 15, seventh pass).

use roxmltree::Node;

/// The line feeds of a document's text, by byte offset.
pub(crate) struct Lines {
    feeds: Vec<usize>,
}

impl Lines {
    /// The line feeds of `text` (the document's input text, as roxmltree parsed it).
    pub(crate) fn of(text: &str) -> Lines {
        let feeds = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
        Lines { feeds }
    }

    /// The line (from 1) of byte `at`: one more than the line feeds before it, as
    /// roxmltree's `TextPos::row` counts.
    pub(crate) fn at(&self, at: usize) -> u64 {
        1 + self.feeds.partition_point(|&f| f < at) as u64
    }

    /// The line on which node `n` starts.
    pub(crate) fn of_node(&self, n: Node<'_, '_>) -> u64 {
        self.at(n.range().start)
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    /// Every node's line is roxmltree's own (`text_pos_at`), with CRLF and LF line ends,
    /// nodes on the first line and on the last.
    #[test]
    fn lines_are_roxmltrees() {
        let text = "<a>\r\n  <b>x</b>\n\n<c><d/></c>\r\n  <e>\ny</e></a>";
        let doc = roxmltree::Document::parse(text).unwrap();
        let lines = Lines::of(doc.input_text());
        let mut seen = 0;
        for n in doc.descendants() {
            let start = n.range().start;
            assert_eq!(
                lines.of_node(n),
                u64::from(doc.text_pos_at(start).row),
                "{n:?}"
            );
            seen += 1;
        }
        assert!(seen >= 8);
        // <a> on line 1, <c> on line 4, <e> on line 5.
        let line = |name: &str| {
            let n = doc.descendants().find(|n| n.has_tag_name(name)).unwrap();
            lines.of_node(n)
        };
        assert_eq!((line("a"), line("c"), line("e")), (1, 4, 5));
    }
}
