//! The search index as files: what a word's shard says about the pages it is on,
//! in what order, what it carries of their results, and which pages are left
//! out. (tests/browser.rs searches it.)

mod common;
use common::*;

use serde_json::Value;

fn json(built: &Built<'_>, path: &str) -> Value {
    let text = std::fs::read_to_string(built.site.out().join(path))
        .unwrap_or_else(|e| panic!("no {path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn unbase64(text: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut out, mut buffer, mut bits) = (Vec::new(), 0u32, 0);
    for byte in text.bytes().filter(|b| *b != b'=') {
        buffer = (buffer << 6) | alphabet.iter().position(|a| *a == byte).unwrap() as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

fn varints(text: &str) -> Vec<u32> {
    let (mut out, mut value, mut shift) = (Vec::new(), 0u32, 0);
    for byte in unbase64(text) {
        value |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 != 0 {
            shift += 7;
        } else {
            out.push(value);
            (value, shift) = (0, 0);
        }
    }
    out
}

/// The shard that holds `word` and the words it begins: the last whose key is
/// not above it (the manifest's keys are sorted).
fn shard_of(built: &Built<'_>, word: &str) -> Value {
    let manifest = json(built, "search/index.json");
    let keys = manifest["k"].as_array().unwrap();
    let index = keys
        .iter()
        .rposition(|k| k.as_str().unwrap() <= word)
        .unwrap();
    json(built, &format!("search/s/{index}.json"))
}

/// The shard entry of `word`: `[word, pages, block, page set, results]`.
fn entry(built: &Built<'_>, word: &str) -> Option<Value> {
    shard_of(built, word)["e"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e[0] == word && e.as_array().unwrap().len() == 5)
        .cloned()
}

/// Page `id`'s fragment, from its pack (`null` when it is left out of search).
fn fragment(built: &Built<'_>, id: u64) -> Value {
    let per = json(built, "search/index.json")["g"].as_u64().unwrap();
    json(built, &format!("search/p/{}.json", id / per))[(id % per) as usize].clone()
}

/// The URLs of the best postings of `word`, best first, with their headings.
fn ranked(built: &Built<'_>, word: &str) -> Vec<(String, u32)> {
    let entry = entry(built, word).unwrap_or_else(|| panic!("`{word}` is not indexed"));
    varints(entry[2].as_str().unwrap())
        .chunks(3)
        .map(|p| {
            let fragment = fragment(built, u64::from(p[0]));
            (fragment["u"].as_str().unwrap().to_string(), p[2])
        })
        .collect()
}

fn site() -> Site {
    Site::new()
        .page(
            "guides/title.md",
            "title: Zebra crossings",
            "Nothing else.\n",
        )
        .page(
            "guides/heading.md",
            "title: Roads",
            "Intro.\n\n## Zebra rules\n\nText.\n",
        )
        .page(
            "guides/body.md",
            "title: Signs",
            "## Colours\n\nA zebra, and a zebra.\n\n```sh\nzebra --stripes\n```\n",
        )
        .page(
            "guides/code.md",
            "title: Tools",
            "## Usage\n\n```sh\nzebra --stripes\n```\n",
        )
        .page(
            "guides/hidden.md",
            "title: Zebra internals\nsearch: false",
            "Zebra.\n",
        )
}

#[test]
fn a_word_ranks_title_over_heading_over_body_over_code_and_deep_links_its_section() {
    let site = site();
    let built = site.build_ok();
    let order = ranked(&built, "zebra");
    let urls: Vec<&str> = order.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(
        urls,
        [
            "/guides/title/",
            "/guides/heading/",
            "/guides/body/",
            "/guides/code/"
        ]
    );
    // Headings: 0 is the top of the page (a title word); else 1 + the heading's index.
    let headings: Vec<u32> = order.iter().map(|(_, h)| *h).collect();
    assert_eq!(headings, [0, 1, 1, 1]);
    let fragment = fragment(&built, 0);
    assert_eq!(fragment["u"], "/guides/body/");
    assert_eq!(fragment["h"][0], serde_json::json!(["colours", "Colours"]));
}

#[test]
fn the_best_postings_carry_their_results_so_a_query_needs_only_its_shard() {
    let site = site();
    let built = site.build_ok();
    let entry = entry(&built, "zebra").unwrap();
    let shard = shard_of(&built, "zebra");
    let results = entry[4].as_array().unwrap();
    let pages: Vec<u32> = varints(entry[2].as_str().unwrap())
        .chunks(3)
        .map(|p| p[0])
        .collect();
    assert_eq!(results.len(), pages.len(), "one result per best posting");
    let row = |page: u32| {
        shard["p"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r[0] == page)
            .cloned()
            .unwrap_or_else(|| panic!("no row for page {page}: {shard}"))
    };
    // The title word links to the top; the body word's excerpt is around it, and
    // links to its section, whose id and text the shard lists.
    assert_eq!(results[0][1], 0);
    assert_eq!(row(pages[0])[1], "Zebra crossings");
    let body = row(pages[2]);
    assert_eq!(body[2], "/guides/body/");
    assert_eq!(
        results[2],
        serde_json::json!(["A zebra, and a zebra. zebra --stripes", 1])
    );
    assert_eq!(body[6], serde_json::json!([[1, "colours", "Colours"]]));
    // The code-only page: the excerpt is its code.
    assert_eq!(results[3][0], "zebra --stripes");
}

#[test]
fn a_page_with_search_false_is_left_out() {
    let site = site();
    let built = site.build_ok();
    let order = ranked(&built, "zebra");
    assert!(
        order.iter().all(|(u, _)| u != "/guides/hidden/"),
        "{order:?}"
    );
    assert_eq!(entry(&built, "internals"), None);
    let manifest = json(&built, "search/index.json");
    assert_eq!(manifest["n"], 5, "page ids stay the site's");
    let fragments: Vec<Value> = (0..5).map(|id| fragment(&built, id)).collect();
    assert_eq!(fragments.iter().filter(|f| f.is_null()).count(), 1);
    assert!(fragments.iter().all(|f| f["u"] != "/guides/hidden/"));
    let packs = std::fs::read_dir(built.site.out().join("search/p"))
        .unwrap()
        .count();
    assert_eq!(
        packs,
        5usize.div_ceil(manifest["g"].as_u64().unwrap() as usize)
    );
}

#[test]
fn words_with_underscores_count_whole_and_by_their_parts() {
    let site = Site::new().page(
        "guides/proxy.md",
        "title: Network",
        "## Environment\n\nSet `HTTPS_PROXY` before you start.\n",
    );
    let built = site.build_ok();
    for word in ["https_proxy", "https", "proxy"] {
        assert_eq!(
            ranked(&built, word),
            [("/guides/proxy/".to_string(), 1)],
            "{word}"
        );
    }
    assert_eq!(entry(&built, "the"), None, "stop words are not indexed");
}

#[test]
fn stale_pages_rank_below_current_ones_and_carry_their_status() {
    let site = Site::new()
        .file("content/products.yaml", ACME_PRODUCTS)
        .page(
            "guides/old.md",
            "title: Quota limits\nproduct: acme\nversions: \">=2.0, <3.0\"\nreviewed: 2026-11-01",
            "Text.\n",
        )
        .page(
            "guides/new.md",
            "title: Quota limits\nproduct: acme\nversions: \">=3.0\"\nreviewed: 2026-11-01",
            "Text.\n",
        );
    let built = site.build_ok();
    let urls: Vec<String> = ranked(&built, "quota")
        .into_iter()
        .map(|(u, _)| u)
        .collect();
    assert_eq!(urls, ["/guides/new/", "/guides/old/"]);
    let old = (0..2)
        .map(|i| fragment(&built, i))
        .find(|f| f["u"] == "/guides/old/")
        .unwrap();
    assert_eq!(old["s"][1], "danger", "{old}");
    assert_eq!(old["p"], "Acme Cloud");
}

#[test]
fn filters_list_the_pages_of_each_product_and_kind() {
    let site = Site::new()
        .file("content/products.yaml", TWO_PRODUCTS)
        .page("guides/a.md", "title: A\nproduct: acme", "x\n")
        .page("faq/b.md", "title: B\nproduct: tessera", "## Q?\n\nA.\n");
    let built = site.build_ok();
    let manifest = json(&built, "search/index.json");
    assert_eq!(
        manifest["p"],
        serde_json::json!([["acme", "Acme Cloud"], ["tessera", "Tessera Sync"]])
    );
    assert_eq!(
        manifest["c"],
        serde_json::json!([["guide", "Guide"], ["faq", "FAQ"]])
    );
    for file in ["product-acme", "product-tessera", "kind-guide", "kind-faq"] {
        let set = json(&built, &format!("search/f/{file}.json"));
        assert!(
            set.as_str().unwrap().starts_with(['b', 'd']),
            "{file}: {set}"
        );
    }
}

#[test]
fn the_css_and_js_a_page_loads_before_any_interaction_stay_under_100_kb() {
    let site = Site::new().page("guides/a.md", "title: A", "```sh\necho hi\n```\n");
    let built = site.build_ok();
    let html = built.page("/guides/a/");
    // Every stylesheet and script the page links; search.js is not among them.
    let mut linked = Vec::new();
    for (attr, end) in [
        ("<link rel=\"stylesheet\" href=\"/", '"'),
        ("<script src=\"/", '"'),
    ] {
        for (at, _) in html.match_indices(attr) {
            let rest = &html[at + attr.len()..];
            linked.push(rest[..rest.find(end).unwrap()].to_string());
        }
    }
    linked.retain(|f| !f.starts_with("__almanac/"));
    assert!(
        linked.contains(&"style.css".to_string()) && linked.contains(&"almanac.js".to_string()),
        "{linked:?}"
    );
    assert!(
        !linked.iter().any(|f| f.contains("search")),
        "search code loads on first use: {linked:?}"
    );
    let total: u64 = linked
        .iter()
        .map(|f| std::fs::metadata(built.site.out().join(f)).unwrap().len())
        .sum();
    assert!(total < 100_000, "{linked:?} weigh {total} bytes");
    assert!(built.exists("/search.js") && built.exists("/search-worker.js"));
}

#[test]
fn a_prefix_whose_words_span_shards_has_its_own_entry_in_the_first() {
    // 30 pages of 200 distinct words each that begin with `prox`: far more than one shard.
    let mut site = Site::new();
    for page in 0..30 {
        let words: Vec<String> = (0..200)
            .map(|i| {
                let n = page * 200 + i;
                let letters: String = [n / 676, n / 26 % 26, n % 26]
                    .iter()
                    .map(|d| (b'a' + *d as u8) as char)
                    .collect();
                format!("prox{letters}")
            })
            .collect();
        site = site.page(
            &format!("guides/p{page}.md"),
            &format!("title: Page {page}"),
            &format!("{}\n", words.join(" ")),
        );
    }
    let built = site.build_ok();
    let keys = json(&built, "search/index.json")["k"]
        .as_array()
        .unwrap()
        .len();
    assert!(keys > 3, "{keys} shards");
    for prefix in ["pr", "pro", "prox"] {
        let own: Vec<Value> = shard_of(&built, prefix)["e"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e[0] == prefix && e.as_array().unwrap().len() == 6)
            .cloned()
            .collect();
        assert_eq!(own.len(), 1, "{prefix}: {own:?}");
        assert_eq!(own[0][1], 30, "{prefix}: every page has a word with it");
        // Scores times four, a longer word at 3/4: a body word (4) scores 12.
        let block = varints(own[0][2].as_str().unwrap());
        assert_eq!(block[1], 12, "{prefix}: {block:?}");
        assert_eq!(
            own[0][4].as_array().unwrap().len(),
            16,
            "{prefix} carries 16 results"
        );
    }
    // A whole word is in exactly one shard, found by its own key.
    assert!(entry(&built, "proxaaa").is_some() && entry(&built, "proxbcd").is_some());
}
