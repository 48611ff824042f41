//! `almanac init` and `almanac new`: starting points that build cleanly.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::model::routes::slugify;
use crate::model::{Date, Kind};

/// Creates a minimal working site in `dir`.
pub fn init(dir: &Path) -> Result<String, String> {
    if dir.exists()
        && fs::read_dir(dir)
            .map_err(|e| e.to_string())?
            .next()
            .is_some()
    {
        return Err(format!(
            "{} is not empty; choose a new folder",
            dir.display()
        ));
    }
    let config = format!(
        "title: My Product Docs\nbase_url: https://docs.example.com/\nlanguage: en\ndescription: Guides, FAQs and release notes.\nstale:\n  max_age_days: 365\n{}",
        dates_config(dir)
    );
    let files: &[(&str, &str)] = &[
        (CONFIG_FILE, &config),
        // The output, what builds keep beside it, and their cache: none is a source.
        (".gitignore", "public/\n.public.almanac-*\n.almanac/\n"),
        ("content/_index.md", "---\ntitle: My Product Docs\n---\n\nWelcome. Start with the [[Getting started]] guide.\n"),
        ("content/products.yaml", "products:\n  - id: my-product\n    name: My Product\n    releases:\n      - releaseCycle: \"1\"\n        releaseDate: 2026-01-15\n        eol: false\n        latest: \"1.0.0\"\n        latestReleaseDate: 2026-01-15\n"),
        ("content/guides/_index.md", "---\ntitle: Guides\ndescription: Step-by-step instructions.\n---\n"),
        ("content/guides/getting-started.md", "---\ntitle: Getting started\ndescription: Install My Product and run it for the first time.\nproduct: my-product\nversions: \">=1.0\"\nreviewed: 2026-01-15\nweight: 1\ntags: [install]\n---\n\n## Install\n\n```bash\ncurl -fsSL https://example.com/install.sh | sh\n```\n\n## Next steps\n\nRead the [FAQ](../faq/general.md).\n"),
        ("content/faq/general.md", "---\ntitle: General questions\nproduct: my-product\nreviewed: 2026-01-15\n---\n\n## Which platforms are supported?\n\nLinux, macOS and Windows.\n"),
        ("content/releases/1.0.0.md", "---\ntitle: My Product 1.0.0\nproduct: my-product\nversion: \"1.0.0\"\ndate: 2026-01-15\n---\n\nThe first release. See [[Getting started]].\n"),
    ];
    for (path, text) in files {
        write_new(&dir.join(path), text)?;
    }
    Ok(format!(
        "Created a new site in {}. Build it with: almanac build --root {}",
        dir.display(),
        dir.display()
    ))
}

/// `dates:` for a new site: in a git repository, pages take their `updated` date
/// from their last commit; elsewhere the setting is shown, switched off.
fn dates_config(dir: &Path) -> &'static str {
    // The folder may not exist yet: ask about the nearest one that does.
    let existing = dir
        .ancestors()
        .find(|a| a.is_dir())
        .unwrap_or(Path::new("."));
    if crate::load::git::Repo::discover(existing).is_ok() {
        "dates:\n  from_git: true   # a page's `updated` is its last commit's date, unless it sets one\n"
    } else {
        "dates:\n  from_git: false  # true in a git repository: a page's `updated` is its last commit's date\n"
    }
}

/// Creates `content/<section>/<slug>.md` with the front matter of `kind`.
/// `product` must be one the site defines, so that the new page builds.
pub fn new_page(
    root: &Path,
    kind: Kind,
    title: &str,
    product: Option<&str>,
    today: Date,
) -> Result<String, String> {
    if !root.join(CONFIG_FILE).is_file() {
        return Err(format!(
            "{} has no {CONFIG_FILE}; run this in a site folder or pass --root",
            root.display()
        ));
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err("the title needs at least one letter or digit".to_string());
    }
    if let Some(product) = product {
        check_product_exists(root, product)?;
    }
    let path: PathBuf = root
        .join("content")
        .join(kind.folder())
        .join(format!("{slug}.md"));
    let product_line = product.map_or_else(
        || "# product: your-product-id\n".to_string(),
        |p| format!("product: {p}\n"),
    );
    let title_yaml = serde_json::to_string(title).map_err(|e| e.to_string())?;
    let front = match kind {
        Kind::Release => format!("title: {title_yaml}\n{product_line}version: \"1.0.0\"  # the version this note announces\ndate: {today}\nbreaking: false\n"),
        Kind::Eol => format!("title: {title_yaml}\n{product_line}eol_date: {today}\ncycle: \"1\"  # the discontinued release cycle\nannounced: {today}\n# migration: ../guides/upgrade.md\n"),
        Kind::Faq => format!("title: {title_yaml}\ndescription: \n{product_line}reviewed: {today}\ntags: []\n"),
        Kind::Guide => format!("title: {title_yaml}\ndescription: \n{product_line}# versions: \">=1.0\"\nreviewed: {today}\ntags: []\n"),
    };
    let body = match kind {
        Kind::Faq => "\n## First question?\n\nThe answer.\n",
        Kind::Release => "\n## Highlights\n\n## Fixes\n",
        Kind::Eol => "\n## What this means for you\n\n## How to migrate\n",
        Kind::Guide => "\n## Before you begin\n\n## Steps\n",
    };
    write_new(&path, &format!("---\n{front}---\n{body}"))?;
    Ok(format!("Created {}", path.display()))
}

/// Refuses a product id the site does not define, naming the ones it does.
pub(crate) fn check_product_exists(root: &Path, product: &str) -> Result<(), String> {
    let loaded = crate::load::load_products(root);
    let mut ids: Vec<&str> = loaded.products.iter().map(|p| p.id.as_str()).collect();
    if ids.contains(&product) {
        return Ok(());
    }
    ids.sort_unstable();
    let known = if ids.is_empty() {
        "this site defines no products yet (add them to content/products.yaml or content/products/)"
            .to_string()
    } else {
        format!("known products: {}", ids.join(", "))
    };
    let suggestion = crate::diagnostics::did_you_mean(product, ids.iter().copied())
        .map(|id| format!("did you mean `{id}`? "))
        .unwrap_or_default();
    Err(format!("unknown product `{product}`; {suggestion}{known}"))
}

fn write_new(path: &Path, text: &str) -> Result<(), String> {
    if path.exists() {
        return Err(format!("{} already exists", path.display()));
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
