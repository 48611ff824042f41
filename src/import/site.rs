//! Writing the import into the site. Takes the planned pages and files; creates
//! a minimal site around them when the folder has none, writes every file that
//! does not exist yet (and never one that does), checks each page with almanac's
//! own front-matter reader before writing it, and writes `import-report.md`.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::report::Outcome;
use super::{front_matter, kind_name, Asset, Item, Options, Report};
use crate::config::CONFIG_FILE;
use crate::diagnostics::SourceText;
use crate::load::{frontmatter, yaml, CONTENT_DIR};

/// Writes everything; `Err` only when the site folder cannot be created.
pub(super) fn write(
    options: &Options,
    items: &mut [Item],
    assets: &[Asset],
    report: &mut Report,
) -> Result<(), String> {
    let root = &options.into;
    report
        .site_files
        .extend(ensure_site(root, &site_title(&options.src))?);
    if let Some(product) = &options.product {
        report.site_files.extend(ensure_product(root, product));
    }
    for item in items.iter_mut() {
        item.report.target = format!("{CONTENT_DIR}/{}", item.target);
        item.report.kind = kind_name(item);
        item.report.aliases = item.aliases.len();
        item.report.outcome = match page_text(item, options.product.as_deref()) {
            Ok(text) => write_new(&root.join(CONTENT_DIR).join(&item.target), text.as_bytes()),
            Err(reason) => Outcome::Failed(reason),
        };
        if item.report.outcome != Outcome::Written {
            item.report.aliases = 0;
            item.report.links_rewritten = 0;
        }
        report.files.push(item.report.clone());
    }
    for asset in assets {
        let target = format!("{CONTENT_DIR}/{}", asset.target);
        let outcome = copy_new(&asset.absolute, &root.join(&target));
        report.assets.push((asset.source.clone(), target, outcome));
    }
    if report.files_written() > 0 {
        write_report(root, report);
    }
    Ok(())
}

/// The page as almanac will read it; `Err` when almanac would refuse it, which
/// would be a fault of the import, never written out to break the build.
fn page_text(item: &Item, product: Option<&str>) -> Result<String, String> {
    let fields = front_matter(item, product);
    let yaml_text = yaml::to_string(&serde_json::Value::Object(fields));
    let body = &item.body;
    let text = format!(
        "---\n{yaml_text}---\n{}{body}",
        if body.starts_with('\n') { "" } else { "\n" }
    );
    check_page(&item.target, &text, item.section)?;
    Ok(text)
}

/// Reads `text` as almanac's loader will at `target` (relative to `content/`):
/// `Err` with the loader's messages when it would refuse the page.
pub(super) fn check_page(target: &str, text: &str, section: bool) -> Result<(), String> {
    let path = PathBuf::from(CONTENT_DIR).join(target);
    let source = SourceText::new(&path, text);
    let split = frontmatter::split(&source).map_err(|d| d.message)?;
    let checked = if section {
        frontmatter::parse_section(&source, &split)
            .map(|_| ())
            .map_err(|d| vec![d])
    } else {
        let top = target.split('/').next().unwrap_or("");
        let stem = target
            .rsplit('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".md");
        frontmatter::parse_page(&source, &split, top, stem).map(|_| ())
    };
    checked.map_err(|errors| {
        errors
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// Makes `root` a site: creates the folder, and a minimal `almanac.yaml` titled
/// `title` when it has none. Gives the file written, if one was; `Err` when the
/// folder cannot be created.
pub(super) fn ensure_site(root: &Path, title: &str) -> Result<Option<(String, Outcome)>, String> {
    fs::create_dir_all(root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    if root.join(CONFIG_FILE).is_file() {
        return Ok(None);
    }
    let config = format!(
        "title: {}\n# base_url: https://docs.example.com/\nlanguage: en\n",
        yaml::to_string(&serde_json::Value::String(title.to_string())).trim_end()
    );
    let outcome = write_new(&root.join(CONFIG_FILE), config.as_bytes());
    Ok(Some((CONFIG_FILE.to_string(), outcome)))
}

/// A stub `content/products/<id>.md` when the site does not define `product`,
/// so that the imported release notes build; gives the file written, if one was.
pub(super) fn ensure_product(root: &Path, product: &str) -> Option<(String, Outcome)> {
    if product_defined(root, product) {
        return None;
    }
    let path = format!("{CONTENT_DIR}/products/{product}.md");
    let stub = format!(
        "---\ntitle: {}\n---\n\nWritten by `almanac import` so that the release notes have a product. Add the release cycles here (endoflife.date's format), or replace this file with the product's file from endoflife.date.\n",
        yaml::to_string(&serde_json::Value::String(product.to_string())).trim_end()
    );
    let outcome = write_new(&root.join(&path), stub.as_bytes());
    Some((path, outcome))
}

/// Whether the site declares `product` (in products.yaml or its own file).
fn product_defined(root: &Path, product: &str) -> bool {
    crate::load::load_products(root)
        .products
        .iter()
        .any(|p| p.id == product)
}

/// The name of the source folder, as the new site's title.
fn site_title(src: &Path) -> String {
    src.canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Imported docs".to_string())
}

/// Creates `path` with `bytes` unless something is there already.
pub(super) fn write_new(path: &Path, bytes: &[u8]) -> Outcome {
    if path.symlink_metadata().is_ok() {
        return Outcome::Exists;
    }
    // A folder that cannot be made (a file in its place says "exists" too) is a failure,
    // not a file already there.
    if let Some(parent) = path.parent() {
        if let Err(e) = fs::create_dir_all(parent) {
            return Outcome::Failed(format!("cannot make its folder: {e}"));
        }
    }
    let result = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| file.write_all(bytes));
    match result {
        Ok(()) => Outcome::Written,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Outcome::Exists,
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// Copies `from` to `to` unless `to` exists.
fn copy_new(from: &Path, to: &Path) -> Outcome {
    match fs::read(from) {
        Ok(bytes) => write_new(to, &bytes),
        Err(e) => Outcome::Failed(format!("cannot read: {e}")),
    }
}

/// `import-report.md`, or the first free `import-report-N.md` after an earlier import.
fn write_report(root: &Path, report: &mut Report) {
    for n in 1.. {
        let name = if n == 1 {
            "import-report.md".to_string()
        } else {
            format!("import-report-{n}.md")
        };
        let path = root.join(&name);
        if path.exists() {
            continue;
        }
        if write_new(&path, report.markdown().as_bytes()) == Outcome::Written {
            report.report_file = Some(path);
        }
        return;
    }
}
