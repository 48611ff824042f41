//! Stage 3, check: pure judgements over the model — the site's shape
//! ([`site`]: duplicate URLs, unknown products), broken links, and stale rules
//! ([`stale::StaleReport`]) become diagnostics. Nothing here writes.

pub mod feedback;
pub mod site;
pub mod stale;
pub mod health;

use crate::diagnostics::Diagnostic;
use crate::model::links::BrokenLink;

/// A broken link as a located error.
pub fn broken_link_diagnostic(link: &BrokenLink) -> Diagnostic {
    let diagnostic = Diagnostic::error(link.broken.code.as_str(), link.broken.message.clone())
        .located(&link.file, link.line, link.column)
        .with_span(link.len);
    match &link.broken.suggestion {
        Some(s) => diagnostic.with_help(format!("did you mean `{s}`?")),
        None => diagnostic,
    }
}
