//! Product metadata: `content/products.yaml` (endoflife.date field names).

use std::path::Path;

use serde::Deserialize;

use super::{de, yaml};
use crate::diagnostics::{Diagnostic, SourceText};
use crate::model::{Cycle, Date, Milestone, Product, Version};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProductsFile {
    #[serde(default)]
    products: Vec<RawProduct>,
}

/// A product as written. Fields almanac does not know are kept in `extra`,
/// since real product files carry their own (`category`, `versionCommand`, …).
#[derive(Debug, Deserialize)]
struct RawProduct {
    #[serde(default, deserialize_with = "de::opt_text")]
    id: Option<String>,
    name: Option<String>,
    /// endoflife.date product files call the display name `title`.
    title: Option<String>,
    description: Option<String>,
    #[serde(default)]
    releases: Vec<RawCycle>,
    #[serde(default, deserialize_with = "de::opt_version")]
    current: Option<Version>,
    #[serde(default, deserialize_with = "de::opt_milestone")]
    discontinued: Option<Milestone>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCycle {
    #[serde(deserialize_with = "de::text")]
    release_cycle: String,
    #[serde(default, deserialize_with = "de::opt_date")]
    release_date: Option<Date>,
    #[serde(default, alias = "support", deserialize_with = "de::opt_milestone")]
    eoas: Option<Milestone>,
    #[serde(default, deserialize_with = "de::opt_milestone")]
    eol: Option<Milestone>,
    #[serde(
        default,
        alias = "extendedSupport",
        deserialize_with = "de::opt_milestone"
    )]
    eoes: Option<Milestone>,
    #[serde(default, deserialize_with = "de::opt_version")]
    latest: Option<Version>,
    #[serde(default, deserialize_with = "de::opt_date")]
    latest_release_date: Option<Date>,
    #[serde(default, deserialize_with = "de::opt_milestone")]
    lts: Option<Milestone>,
    #[serde(default, deserialize_with = "de::opt_text")]
    codename: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    release_label: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    link: Option<String>,
    #[serde(default, deserialize_with = "de::opt_milestone")]
    discontinued: Option<Milestone>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// Parses `products.yaml`; `file` is relative to the site root.
pub fn parse_products_file(file: &Path, text: &str) -> Result<Vec<Product>, Vec<Diagnostic>> {
    let source = SourceText::new(file, text);
    let raw: RawProductsFile = yaml::parse(&source, text, 1).map_err(|d| vec![d])?;
    let mut products = Vec::new();
    let mut errors = Vec::new();
    let id_lines = |id: &str| yaml::lines_with_key_value(text, "id", id);
    for (index, raw_product) in raw.products.into_iter().enumerate() {
        let Some(id) = raw_product.id.clone() else {
            errors.push(
                Diagnostic::error(
                    "missing-field",
                    format!("product #{} has no `id`", index + 1),
                )
                .at(&source, 1, 1)
                .with_help("give every product an id, e.g. `- id: acme-cloud`"),
            );
            continue;
        };
        let line = id_lines(&id).first().copied().unwrap_or(1);
        match into_product(raw_product, id, &source, 1, line) {
            Ok(product) => products.push(product),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(products)
    } else {
        Err(errors)
    }
}

/// Parses one product file from `content/products/`: YAML, or Markdown in
/// endoflife.date's format (front matter with `title`, `releases:`, …; the body is
/// the product's overview). The id is the `id:` field, else the file name.
pub fn parse_product_file(file: &Path, text: &str) -> Result<Product, Vec<Diagnostic>> {
    let source = SourceText::new(file, text);
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_markdown = file.extension().is_some_and(|e| e == "md");
    let (yaml_text, yaml_line, overview, overview_line) = if is_markdown {
        let split = super::frontmatter::split(&source).map_err(|d| vec![d])?;
        (split.yaml, split.yaml_line, split.body.to_string(), split.body_line)
    } else {
        (text, 1, String::new(), 1)
    };
    let raw: RawProduct = yaml::parse(&source, yaml_text, yaml_line).map_err(|d| vec![d])?;
    let id = raw.id.clone().unwrap_or(stem);
    let line = yaml::lines_with_key_value(yaml_text, "id", &id)
        .first()
        .map_or(1, |l| l + yaml_line - 1);
    let mut product = into_product(raw, id, &source, yaml_line, line)?;
    let scanned = super::scan::scan(&overview, overview_line);
    product.overview = overview;
    product.overview_headings = scanned.headings;
    product.overview_links = scanned.links;
    Ok(product)
}

/// Turns a parsed product into the model, checking what serde cannot:
/// a name is present and no cycle ends before it starts.
fn into_product(
    raw: RawProduct,
    id: String,
    source: &SourceText<'_>,
    yaml_line: usize,
    product_line: usize,
) -> Result<Product, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let name = raw.name.or(raw.title).unwrap_or_else(|| {
        errors.push(
            Diagnostic::error("missing-field", format!("product `{id}` has no `name`"))
                .at(source, product_line, 1)
                .with_help("add `name: Display Name` under the product's id"),
        );
        id.clone()
    });
    let mut cycles = Vec::new();
    let mut search_from = product_line;
    for raw_cycle in raw.releases {
        let line =
            yaml::lines_with_key_value(source.text, "releaseCycle", &raw_cycle.release_cycle)
                .into_iter()
                .map(|l| l + yaml_line - 1)
                .find(|&l| l >= search_from)
                .unwrap_or(product_line);
        search_from = line;
        let cycle = into_cycle(raw_cycle, line);
        if let Some(error) = contradiction(&id, &cycle) {
            errors.push(error.at(source, line, 1));
        }
        cycles.push(cycle);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Product {
        id,
        name,
        description: raw.description,
        cycles,
        current: raw.current,
        discontinued: raw.discontinued,
        file: source.path.to_path_buf(),
        line: product_line,
        overview: String::new(),
        overview_headings: Vec::new(),
        overview_links: Vec::new(),
        extra: raw.extra,
    })
}

fn into_cycle(raw: RawCycle, line: usize) -> Cycle {
    Cycle {
        name: raw.release_cycle,
        release_date: raw.release_date,
        eoas: raw.eoas,
        eol: raw.eol,
        eoes: raw.eoes,
        latest: raw.latest,
        latest_release_date: raw.latest_release_date,
        lts: raw.lts,
        codename: raw.codename,
        release_label: raw.release_label,
        link: raw.link,
        discontinued: raw.discontinued,
        line,
        extra: raw.extra,
    }
}

/// A cycle whose dates contradict each other (it ends before it is released).
fn contradiction(product: &str, cycle: &Cycle) -> Option<Diagnostic> {
    let released = cycle.release_date?;
    let ends = [
        ("eol", cycle.eol),
        ("eoas", cycle.eoas),
        ("eoes", cycle.eoes),
    ];
    let (field, end) = ends
        .into_iter()
        .find_map(|(field, m)| Some((field, m?.date()?)).filter(|(_, d)| *d < released))?;
    Some(
        Diagnostic::error(
            "contradictory-cycle",
            format!(
                "{product} {}: `{field}` ({end}) is before `releaseDate` ({released})",
                cycle.name
            ),
        )
        .with_help(format!(
            "a cycle cannot end before it is released; check both dates of cycle {}",
            cycle.name
        )),
    )
}
