//! Stage 1, load: walk the site, read every source, parse front matter and scan
//! Markdown. Takes a site root; gives [`Loaded`]: typed pages, section intros,
//! products and static assets, plus every problem found (all of them, not the first).

pub mod bodies;
pub mod dates;
pub mod feedback;
pub mod frontmatter;
pub mod git;
pub mod products;
pub mod scan;
pub mod yaml;

mod de;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, SourceText};
use crate::model::{Asset, Page, PageKind, Product, SectionIntro};
pub use bodies::Bodies;

/// Folder of the Markdown sources, relative to the site root.
pub const CONTENT_DIR: &str = "content";
/// Folder of files copied as they are, relative to the site root.
pub const STATIC_DIR: &str = "static";
/// The product metadata file, relative to the content folder.
pub const PRODUCTS_FILE: &str = "products.yaml";
/// The folder of one-file-per-product metadata, relative to the content folder.
pub const PRODUCTS_DIR: &str = "products/";

/// Everything read from a site's sources.
#[derive(Debug, Default)]
pub struct Loaded {
    pub pages: Vec<Page>,
    pub sections: Vec<SectionIntro>,
    pub products: Vec<Product>,
    /// Files from `content/` that are not Markdown, and everything in `static/`.
    pub assets: Vec<Asset>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    fn add(&mut self, read: products::ReadProducts) {
        self.products.extend(read.products);
        self.diagnostics.extend(read.diagnostics);
    }
}

/// Reads the site at `root`. With `bodies`, every page's body is prepared for
/// render there by the same parse that scans it (`check`, which renders nothing,
/// passes none).
pub fn load(root: &Path, bodies: Option<&Bodies>) -> Loaded {
    let mut loaded = Loaded::default();
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        loaded.diagnostics.push(
            Diagnostic::error("missing-content", format!("no `{CONTENT_DIR}/` folder in {}", root.display()))
                .with_help("create content/ with your Markdown pages, or run `almanac init DIR` for a starter site"),
        );
        return loaded;
    }
    let (files, skipped) = walk(&content);
    loaded
        .diagnostics
        .extend(skipped.iter().map(|s| s.diagnostic(root)));
    let (product_files, files): (Vec<SourceFile>, Vec<SourceFile>) = files
        .into_iter()
        .partition(|f| f.relative.starts_with(PRODUCTS_DIR));
    let markdown: Vec<&SourceFile> = files.iter().filter(|f| f.is_markdown()).collect();
    let results: Vec<Result<Loadable, Vec<Diagnostic>>> = markdown
        .par_iter()
        .map(|file| load_markdown(root, file, bodies))
        .collect();
    // Pages are large: one allocation of the right size, not a doubling Vec
    // (at 100,000 pages the doublings alone held tens of megabytes).
    loaded.pages.reserve_exact(results.len());
    for result in results {
        match result {
            Ok(Loadable::Page(page)) => loaded.pages.push(*page),
            Ok(Loadable::Section(section)) => loaded.sections.push(section),
            Err(mut errors) => loaded.diagnostics.append(&mut errors),
        }
    }
    for file in files.iter().filter(|f| !f.is_markdown()) {
        if file.relative == PRODUCTS_FILE {
            load_products_file(root, file, &mut loaded);
        } else {
            loaded.assets.push(Asset {
                source: file.absolute.clone(),
                output: file.relative.clone(),
            });
        }
    }
    for file in &product_files {
        load_product_file(root, file, &mut loaded);
    }
    report_duplicate_products(&mut loaded);
    let static_dir = root.join(STATIC_DIR);
    if static_dir.is_dir() {
        let (files, skipped) = walk(&static_dir);
        loaded
            .diagnostics
            .extend(skipped.iter().map(|s| s.diagnostic(root)));
        loaded.assets.extend(files.into_iter().map(|f| Asset {
            source: f.absolute,
            output: f.relative,
        }));
    }
    loaded
}

/// Reads only the site's products and their problems (for `almanac new`).
pub fn load_products(root: &Path) -> Loaded {
    let mut loaded = Loaded::default();
    let content = root.join(CONTENT_DIR);
    for file in source_files(&content) {
        if file.relative == PRODUCTS_FILE {
            load_products_file(root, &file, &mut loaded);
        } else if file.relative.starts_with(PRODUCTS_DIR) {
            load_product_file(root, &file, &mut loaded);
        }
    }
    loaded.assets.clear();
    loaded
}

/// Reads the site's products again, and only them (serve, after the product data
/// changed): `content/products.yaml` and the files under `content/products/`, in
/// the order [`load`] reads them, duplicates reported as it reports them.
pub fn reload_products(root: &Path) -> Loaded {
    let mut loaded = Loaded::default();
    let content = root.join(CONTENT_DIR);
    let file = content.join(PRODUCTS_FILE);
    if file.is_file() {
        let file = SourceFile {
            absolute: file,
            relative: PRODUCTS_FILE.to_string(),
        };
        load_products_file(root, &file, &mut loaded);
    }
    let dir = content.join(PRODUCTS_DIR);
    if dir.is_dir() {
        let (files, skipped) = walk(&dir);
        loaded
            .diagnostics
            .extend(skipped.iter().map(|s| s.diagnostic(root)));
        for mut file in files {
            file.relative = format!("{PRODUCTS_DIR}{}", file.relative);
            load_product_file(root, &file, &mut loaded);
        }
    }
    report_duplicate_products(&mut loaded);
    loaded.assets.clear();
    loaded
}

fn load_products_file(root: &Path, file: &SourceFile, loaded: &mut Loaded) {
    let rel = site_relative(root, &file.absolute);
    match std::fs::read_to_string(&file.absolute) {
        Ok(text) => loaded.add(products::parse_products_file(&rel, &text)),
        Err(e) => loaded
            .diagnostics
            .push(Diagnostic::error("unreadable-file", format!("cannot read: {e}")).in_file(&rel)),
    }
}

/// Re-reads one page (serve's fast path), its body prepared into `bodies`.
/// `Ok(None)` when the file is not a page (a section intro, a product file, or
/// outside `content/`).
pub fn load_page(
    root: &Path,
    absolute: &Path,
    bodies: &Bodies,
) -> Result<Option<Page>, Vec<Diagnostic>> {
    let Ok(relative) = absolute.strip_prefix(root.join(CONTENT_DIR)) else {
        return Ok(None);
    };
    let relative = relative.to_string_lossy().replace('\\', "/");
    if relative.starts_with(PRODUCTS_DIR) || !relative.ends_with(".md") {
        return Ok(None);
    }
    match load_markdown(
        root,
        &SourceFile {
            absolute: absolute.to_path_buf(),
            relative,
        },
        Some(bodies),
    )? {
        Loadable::Page(page) => Ok(Some(*page)),
        Loadable::Section(_) => Ok(None),
    }
}

fn load_product_file(root: &Path, file: &SourceFile, loaded: &mut Loaded) {
    let rel = site_relative(root, &file.absolute);
    let is_product = [".md", ".yaml", ".yml"]
        .iter()
        .any(|ext| file.relative.ends_with(ext));
    if !is_product {
        loaded.assets.push(Asset {
            source: file.absolute.clone(),
            output: file.relative.clone(),
        });
        return;
    }
    match read_source(&file.absolute) {
        Ok(text) => loaded.add(products::parse_product_file(&rel, &text)),
        Err(e) => loaded
            .diagnostics
            .push(Diagnostic::error("unreadable-file", format!("cannot read: {e}")).in_file(&rel)),
    }
}

/// A product declared twice is an error naming both places; the first one is kept.
fn report_duplicate_products(loaded: &mut Loaded) {
    let mut seen: std::collections::HashMap<String, (PathBuf, usize)> =
        std::collections::HashMap::new();
    let mut kept = Vec::with_capacity(loaded.products.len());
    for product in std::mem::take(&mut loaded.products) {
        if let Some((file, line)) = seen.get(&product.id) {
            loaded.diagnostics.push(
                Diagnostic::error(
                    "duplicate-product",
                    format!("product `{}` is defined twice: here and in {}:{line}", product.id, file.display()),
                )
                .located(&product.file, product.line, 1)
                .with_help("keep one definition: either the entry in products.yaml or the file in content/products/"),
            );
            continue;
        }
        seen.insert(product.id.clone(), (product.file.clone(), product.line));
        kept.push(product);
    }
    loaded.products = kept;
}

/// A file under a source folder.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    pub(crate) absolute: PathBuf,
    /// Relative to the folder walked, with `/` separators.
    pub(crate) relative: String,
}

impl SourceFile {
    fn is_markdown(&self) -> bool {
        self.relative.ends_with(".md")
    }
}

/// Every file under `dir`, sorted, skipping hidden files and editor leftovers.
pub(crate) fn source_files(dir: &Path) -> Vec<SourceFile> {
    walk(dir).0
}

/// A path under a source folder that is not read, and why.
#[derive(Debug)]
pub(crate) enum Skipped {
    /// A symbolic link: almanac does not follow links, so a site cannot pull in
    /// files from outside it (nor loop).
    Symlink(PathBuf),
    /// A file or folder that cannot be read or listed (permissions).
    Unreadable(PathBuf, String),
}

impl Skipped {
    /// The problem as a diagnostic, with the path relative to `root`.
    fn diagnostic(&self, root: &Path) -> Diagnostic {
        match self {
            Skipped::Symlink(path) => Diagnostic::warning(
                "skipped-symlink",
                "this is a symbolic link; almanac does not follow links, so it is not part of the site",
            )
            .with_help("put the file (or folder) itself here instead of a link to it")
            .in_file(&site_relative(root, path)),
            Skipped::Unreadable(path, error) => {
                let what = if path.is_dir() { "folder" } else { "file" };
                Diagnostic::error("unreadable-file", format!("cannot read the {what}: {error}"))
                    .with_help(format!(
                        "make the {what} readable by the user running almanac, or move it out of the site"
                    ))
                    .in_file(&site_relative(root, path))
            }
        }
    }
}

/// [`source_files`], and every path it could not read or did not follow.
pub(crate) fn walk(dir: &Path) -> (Vec<SourceFile>, Vec<Skipped>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let entries = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(dir).to_path_buf();
                let why = error
                    .io_error()
                    .map_or_else(|| error.to_string(), ToString::to_string);
                skipped.push(Skipped::Unreadable(path, why));
                continue;
            }
        };
        if entry.file_type().is_symlink() {
            skipped.push(Skipped::Symlink(entry.path().to_path_buf()));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        files.push(SourceFile {
            absolute: entry.path().to_path_buf(),
            relative: relative.to_string_lossy().replace('\\', "/"),
        });
    }
    (files, skipped)
}

/// Hidden files, editor swap and backup files are never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with('#')
}

fn site_relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The text of a Markdown source, as every stage reads it (load, and render again).
pub fn read_source(path: &Path) -> std::io::Result<String> {
    std::fs::read_to_string(path).map(lone_cr_as_newline)
}

/// Classic Mac files end lines with a lone CR; Markdown and YAML read it as a line
/// ending, and so does almanac, so fences, lines and columns come out right.
fn lone_cr_as_newline(text: String) -> String {
    let bytes = text.as_bytes();
    // `contains` on bytes is a memchr: a 50 MB page without a CR is one fast scan,
    // even in a debug build.
    if !bytes.contains(&b'\r') {
        return text;
    }
    let lone = |i: usize| bytes.get(i + 1) != Some(&b'\n');
    let crs: Vec<usize> = text.match_indices('\r').map(|(i, _)| i).collect();
    if !crs.iter().any(|&i| lone(i)) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for i in crs.into_iter().filter(|&i| lone(i)) {
        out.push_str(&text[from..i]);
        out.push('\n');
        from = i + 1;
    }
    out.push_str(&text[from..]);
    out
}

enum Loadable {
    Page(Box<Page>),
    Section(SectionIntro),
}

fn load_markdown(
    root: &Path,
    file: &SourceFile,
    bodies: Option<&Bodies>,
) -> Result<Loadable, Vec<Diagnostic>> {
    let rel = site_relative(root, &file.absolute);
    let text = read_source(&file.absolute).map_err(|e| {
        vec![
            Diagnostic::error("unreadable-file", format!("cannot read the file: {e}"))
                .with_help(if e.kind() == std::io::ErrorKind::InvalidData {
                    "save the file as UTF-8"
                } else {
                    "make the file readable by the user running almanac, or move it out of the site"
                })
                .in_file(&rel),
        ]
    })?;
    let source = SourceText::new(&rel, &text);
    let split = frontmatter::split(&source).map_err(|d| vec![d])?;
    let (folder, file_name) = match file.relative.rsplit_once('/') {
        Some((folder, name)) => (folder, name),
        None => ("", file.relative.as_str()),
    };
    let stem = file_name.trim_end_matches(".md");
    if stem == "_index" {
        let fm = frontmatter::parse_section(&source, &split).map_err(|d| vec![d])?;
        let found = scan::scan(split.body, split.body_line);
        return Ok(Loadable::Section(SectionIntro {
            file: rel.clone(),
            folder: folder.to_string(),
            title: fm.title,
            description: fm.description,
            weight: fm.weight,
            body: split.body.to_string(),
            body_line: split.body_line,
            links: found.links,
            unprocessed: found.unprocessed,
            extra: fm.extra,
        }));
    }
    let top_folder = folder.split('/').next().unwrap_or("");
    let fm = frontmatter::parse_page(&source, &split, top_folder, stem)?;
    let (found, body) = match bodies {
        Some(bodies) => {
            let (found, mut prepared) =
                crate::render::markdown::prepare(split.body, split.body_line);
            // The page's links are its front matter's, then its body's.
            prepared.shift_links(fm.links.len());
            (found, Some(bodies.put(prepared.to_bytes())))
        }
        None => (scan::scan(split.body, split.body_line), None),
    };
    let url = crate::model::routes::page(folder, &fm.meta.slug);
    let mut anchors = found.anchors;
    if let PageKind::Release(info) = &fm.kind {
        // The release page shows its deprecations, each with its anchor.
        anchors.extend(info.deprecations.iter().map(|d| d.anchor.clone()));
        anchors.sort_unstable();
        anchors.dedup();
    }
    // Kept for every page: no room left over from the pushes.
    anchors.shrink_to_fit();
    Ok(Loadable::Page(Box::new(Page {
        file: rel.clone(),
        url,
        folder: folder.to_string(),
        kind: fm.kind,
        meta: fm.meta,
        body_line: split.body_line,
        body,
        headings: found.headings,
        anchors,
        links: fm.links.into_iter().chain(found.links).collect(),
        unprocessed: found.unprocessed,
        word_count: found.word_count,
        field_lines: yaml::top_level_keys(split.yaml)
            .into_iter()
            .map(|k| (k.key, split.yaml_line + k.line - 1))
            .collect(),
    })))
}

#[cfg(test)]
mod tests {
    use super::lone_cr_as_newline;

    #[test]
    fn a_lone_cr_becomes_a_newline_and_crlf_stays() {
        let cases = [
            ("no line ends", "no line ends"),
            ("a\nb\n", "a\nb\n"),
            ("a\r\nb\r\n", "a\r\nb\r\n"),
            ("a\rb\r", "a\nb\n"),
            ("a\r\nb\rc", "a\r\nb\nc"),
            ("\r", "\n"),
            ("\r\r\n", "\n\r\n"),
            ("é\rü", "é\nü"),
        ];
        for (input, expected) in cases {
            assert_eq!(lone_cr_as_newline(input.to_string()), expected, "{input:?}");
        }
    }
}
