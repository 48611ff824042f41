//! almanac builds product knowledge bases and changelogs from Markdown, and knows
//! when a page has gone stale against the product's versions and support dates.
//!
//! The pipeline, one module per stage:
//! 1. [`load`]: walk the site, parse front matter and scan Markdown → typed pages and products;
//! 2. [`model`]: assemble the [`model::Site`] and its link graph (plain data, no I/O);
//! 3. [`check`]: broken links and stale rules → diagnostics and a stale report;
//! 4. [`render`]: Markdown and templates → HTML, feeds, sitemap, search index;
//! 5. [`output`]: a staging directory swapped into place only when the build succeeds.
//!
//! [`build`] runs the stages in order; [`cli`] is the command line around it.

pub mod build;
pub mod changes;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostics;
#[doc(hidden)]
pub mod fuzzing;
pub mod hashing;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod progress;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod suggest;
pub mod text;
pub mod timing;
pub mod url_template;
