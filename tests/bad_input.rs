//! The bad-input corpus (issue 15): every folder of `tests/bad_input/` is one hostile
//! site and the outcome `almanac build` must give it (`expect.yaml`, described in
//! `tests/bad_input/README.md`). Each case is built by the real binary in a temp copy,
//! under a deadline, and must not panic, not hang, print exactly the expected errors
//! and warnings at their file:line:column, exit as documented, and leave the
//! previous output byte for byte as it was when the build fails.
//!
//! Inputs that cannot be files in the repository (huge, binary, symlinks, odd names,
//! permissions) are written into the copy by [`generate`].

mod common;

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// No case may use more CPU time than this, debug build included (see [`run_almanac`]).
const DEADLINE: Duration = Duration::from_secs(10);
/// The unprivileged user a permissions case runs as when the tests run as root.
const NOBODY: u32 = 65534;

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    about: String,
    exit: i32,
    /// `code file:line:column`, or `code` for an error about no file.
    #[serde(default)]
    errors: Vec<String>,
    #[serde(default)]
    warnings: Vec<String>,
    /// Extra arguments to `almanac build`; `{site}` is the site root.
    #[serde(default)]
    args: Vec<String>,
    /// The output, relative to the site root.
    #[serde(default = "default_out")]
    out: String,
    /// Whether to put a previous almanac build at `out` first.
    #[serde(default = "yes")]
    previous: bool,
    /// A generator of [`generate`] that adds files to the copy.
    generate: Option<String>,
    /// Paths of the base to remove.
    #[serde(default)]
    remove: Vec<String>,
    /// Seconds the case may take instead of [`DEADLINE`]: only for a size the debug
    /// build cannot parse in 10 s (see tests/bad_input/README.md).
    deadline: Option<u64>,
}

fn default_out() -> String {
    "public".to_string()
}

fn yes() -> bool {
    true
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input")
}

fn is_root() -> bool {
    // `id -u`: the tests have no libc binding.
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn write(root: &Path, path: &str, bytes: &[u8]) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, bytes).unwrap();
}

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}")
}

/// How a generated case must be run.
#[derive(Default)]
struct Run {
    /// As an unprivileged user: root reads files whatever their mode.
    unprivileged: bool,
    /// Paths whose mode to give back after the run, so the copy can be deleted.
    locked: Vec<PathBuf>,
}

/// Writes the files of a case that cannot live in the repository into `site`.
fn generate(name: &str, site: &Path) -> Run {
    let p = "content/guides/p.md";
    let mut run = Run::default();
    match name {
        "billion-laughs" => {
            let mut yaml = String::from("title: lol\nextra:\n  a0: &a0 lol\n");
            for level in 1..10 {
                let refs = vec![format!("*a{}", level - 1); 10].join(", ");
                yaml.push_str(&format!("  a{level}: &a{level} [{refs}]\n"));
            }
            yaml.push_str("  bomb: *a9\n");
            write(site, p, format!("---\n{yaml}---\nBody.\n").as_bytes());
        }
        "nested-flow" => {
            let text = format!(
                "---\ntitle: {}{}\n---\n",
                "[".repeat(10_000),
                "]".repeat(10_000)
            );
            write(site, p, text.as_bytes());
        }
        "nul-in-front-matter" => write(site, p, b"---\ntitle: A\0B\n---\nBody.\n"),
        "nul-in-body" => write(site, p, b"---\ntitle: NUL\n---\nBefore\0after.\n"),
        "latin-1" => write(site, p, b"---\ntitle: Caf\xe9\n---\nCaf\xe9 cr\xe8me.\n"),
        "page-50-mb" => {
            // Prose under a heading every 100 paragraphs: what a long page holds.
            let paragraph =
                "Words of a long page, and more words, by a writer with a lot to say.\n\n";
            let section = format!("## A section\n\n{}", paragraph.repeat(100));
            let body = section.repeat(50 * 1024 * 1024 / section.len());
            write(site, p, page("Fifty megabytes", &body).as_bytes());
        }
        "headings-10000" => {
            let body: String = (0..10_000)
                .map(|i| format!("## Heading {}\n\ntext\n\n", i % 100))
                .collect();
            write(site, p, page("Many headings", &body).as_bytes());
        }
        "headings-10000-one-title" => {
            let body = "## Setup\n\ntext\n\n".repeat(10_000);
            write(site, p, page("One title", &body).as_bytes());
        }
        "nested-lists-10000" => {
            // `- - - item` nests on one line; indenting each level would make the file 100 MB.
            let body = format!("{}item\n", "- ".repeat(10_000));
            write(site, p, page("Deep list", &body).as_bytes());
        }
        "nested-quotes-10000" => {
            let body = format!("{} deep\n", ">".repeat(10_000));
            write(site, p, page("Deep quotes", &body).as_bytes());
        }
        "brackets-100000" => write(site, p, page("Brackets", &"[".repeat(100_000)).as_bytes()),
        "wikilink-brackets-100000" => {
            write(
                site,
                p,
                page("Wikilink brackets", &"[[".repeat(100_000)).as_bytes(),
            );
        }
        "symlink-loop" => {
            let guides = site.join("content/guides");
            std::os::unix::fs::symlink("self.md", guides.join("self.md")).unwrap();
            std::os::unix::fs::symlink("b.md", guides.join("a.md")).unwrap();
            std::os::unix::fs::symlink("a.md", guides.join("b.md")).unwrap();
            std::os::unix::fs::symlink(".", guides.join("loop")).unwrap();
        }
        "symlink-out" => {
            let outside = site.parent().unwrap().join("outside");
            write(
                &outside,
                "secret.md",
                page("Secret", "Not part of the site.\n").as_bytes(),
            );
            write(&outside, "passwords.txt", b"hunter2\n");
            let guides = site.join("content/guides");
            std::os::unix::fs::symlink(outside.join("secret.md"), guides.join("secret.md"))
                .unwrap();
            std::fs::create_dir_all(site.join("static")).unwrap();
            std::os::unix::fs::symlink(
                outside.join("passwords.txt"),
                site.join("static/passwords.txt"),
            )
            .unwrap();
            std::os::unix::fs::symlink(&outside, site.join("static/everything")).unwrap();
        }
        "unreadable-file" => lock(
            site,
            &mut run,
            "content/guides/secret.md",
            "content/guides/secret.md",
        ),
        "unreadable-folder" => lock(
            site,
            &mut run,
            "content/guides/locked/inside.md",
            "content/guides/locked",
        ),
        "foreign-public" => {
            // `public/` is ignored by git, so these cannot be files of the corpus.
            write(site, "public/precious.txt", b"keep me\n");
            write(site, "public/notes/more.txt", b"and me\n");
        }
        "name-with-newline" => {
            write(
                site,
                "content/guides/two\nlines.md",
                page("Two lines", "x\n").as_bytes(),
            );
        }
        other => panic!("no generator `{other}`"),
    }
    run
}

/// Writes a page at `page` and takes every permission from `locked` (the page or its
/// folder); the case then runs as an unprivileged user.
fn lock(site: &Path, run: &mut Run, page: &str, locked: &str) {
    write(site, page, self::page("Locked", "x\n").as_bytes());
    set_mode(&site.join(locked), 0o000);
    run.unprivileged = true;
    run.locked.push(site.join(locked));
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Every file and symlink under `path` (or `path` itself) with its bytes or target.
fn snapshot(path: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
    {
        let relative = entry.path().strip_prefix(path).unwrap().to_path_buf();
        let kind = entry.file_type();
        let bytes = if kind.is_symlink() {
            std::fs::read_link(entry.path())
                .unwrap()
                .into_os_string()
                .into_encoded_bytes()
        } else if kind.is_file() {
            std::fs::read(entry.path()).unwrap_or_else(|e| format!("unreadable: {e}").into_bytes())
        } else {
            b"<dir>".to_vec()
        };
        files.insert(relative, bytes);
    }
    files
}

/// A previous build that almanac owns: its marker and two pages.
fn previous_build(out: &Path) {
    write(
        out,
        ".almanac-output",
        b"This directory is written by almanac and replaced on every build.\n",
    );
    write(out, "index.html", b"<p>the previous build</p>\n");
    write(out, "guides/old/index.html", b"<p>an old page</p>\n");
}

/// What one run printed.
struct Outcome {
    exit: Option<i32>,
    elapsed: Duration,
    /// CPU time almanac had used at the last look (at the kill, for a hang).
    cpu: Duration,
    stdout: String,
    stderr: String,
}

/// `setpriv` running `binary` as [`NOBODY`].
fn as_nobody(binary: &Path) -> Command {
    let mut command = Command::new("setpriv");
    let id = NOBODY.to_string();
    command
        .args(["--reuid", &id, "--regid", &id, "--clear-groups"])
        .arg(binary);
    command
}

/// The binary as a path user [`NOBODY`] can run: cargo's own, or a copy of it in a
/// folder anyone can read when the target folder is closed to others.
fn binary_for_nobody() -> &'static Path {
    static BINARY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BINARY.get_or_init(|| {
        let binary = PathBuf::from(env!("CARGO_BIN_EXE_almanac"));
        let runs = |b: &Path| as_nobody(b).arg("--version").output().is_ok_and(|o| o.status.success());
        if runs(&binary) {
            return binary;
        }
        let dir = std::env::temp_dir().join(format!("almanac-bad-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        set_mode(&dir, 0o755);
        let copy = dir.join("almanac");
        std::fs::copy(&binary, &copy).unwrap();
        assert!(
            runs(&copy),
            "cannot run almanac as user {NOBODY} through setpriv (util-linux), which the permission cases need as root"
        );
        copy
    })
}

/// Wall time a case may take, in deadlines of CPU time.
const WALL_FACTOR: u32 = 6;

/// The CPU time (user and system, all threads) process `pid` has used so far, from
/// `/proc/<pid>/stat` (zero once it is gone).
fn cpu_time(pid: u32) -> Duration {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return Duration::ZERO;
    };
    // Fields after the command name, which is in parentheses and may hold spaces:
    // utime and stime are the 14th and 15th fields of the line, in clock ticks.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 1000 / CLOCK_TICKS_PER_SECOND)
}

/// `getconf CLK_TCK`: 100 on every Linux architecture almanac is built for.
const CLOCK_TICKS_PER_SECOND: u64 = 100;

/// Runs almanac with `args` in `dir`, killing it when it has used `deadline` of CPU
/// time (or [`WALL_FACTOR`] times that of wall time).
fn run_almanac(args: &[String], dir: &Path, unprivileged: bool, deadline: Duration) -> Outcome {
    let binary = env!("CARGO_BIN_EXE_almanac");
    let mut command = if unprivileged && is_root() {
        as_nobody(binary_for_nobody())
    } else {
        Command::new(binary)
    };
    command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn().expect("run almanac");
    let pid = child.id();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let readers = [
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = out.read_to_end(&mut s);
            s
        }),
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = err.read_to_end(&mut s);
            s
        }),
    ];
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait());
    });
    // The deadline is almanac's CPU time, which other work on a loaded machine does
    // not stretch: a loop spends it. A wait spends none, so wall time has a limit too,
    // a few times longer.
    let wall_limit = deadline * WALL_FACTOR;
    let mut cpu = Duration::ZERO;
    let exit = loop {
        if let Ok(status) = finished.recv_timeout(Duration::from_millis(50)) {
            break status.ok().and_then(|s| s.code());
        }
        cpu = cpu_time(pid);
        if cpu > deadline || started.elapsed() > wall_limit {
            // A hang: kill this process (by its id) and say so.
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            let _ = finished.recv();
            break None;
        }
    };
    let elapsed = started.elapsed();
    let [stdout, stderr] =
        readers.map(|r| String::from_utf8_lossy(&r.join().unwrap()).into_owned());
    Outcome {
        exit,
        elapsed,
        cpu,
        stdout,
        stderr,
    }
}

/// The `code file:line:column` of each `error[code]` (or `warning[code]`) printed.
fn printed(stderr: &str, label: &str) -> Vec<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix(label) else {
            continue;
        };
        let Some((code, _)) = rest.split_once("]: ") else {
            continue;
        };
        // The first `--> file:line:column` of the block (a template error's may
        // follow lines of the template engine's own message).
        let location = lines[i + 1..]
            .iter()
            .take_while(|l| !l.starts_with("error[") && !l.starts_with("warning["))
            .find_map(|l| l.trim_start().strip_prefix("--> "))
            .map(|at| format!(" {at}"))
            .unwrap_or_default();
        found.push(format!("{code}{location}"));
    }
    found.sort();
    found
}

/// The printed blocks that start with `label` (`error[`), each up to the next block.
fn blocks<'a>(stderr: &'a str, label: &'a str) -> impl Iterator<Item = String> + 'a {
    let mut blocks: Vec<String> = Vec::new();
    for line in stderr.lines() {
        if line.starts_with("error[") || line.starts_with("warning[") {
            blocks.push(String::new());
        }
        if let Some(block) = blocks.last_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks.into_iter().filter(move |b| b.starts_with(label))
}

/// Builds one case; gives every way it differs from its `expect.yaml`.
fn check_case(case: &Path) -> Vec<String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(case.join("expect.yaml")).unwrap();
    let expect: Expect = match serde_yaml::from_str(&text) {
        Ok(expect) => expect,
        Err(e) => return vec![format!("expect.yaml does not read: {e}")],
    };
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    common::copy_dir(&corpus().join("_base"), &site);
    for path in &expect.remove {
        let full = site.join(path);
        if full.is_dir() {
            std::fs::remove_dir_all(full).unwrap();
        } else {
            std::fs::remove_file(full).unwrap();
        }
    }
    if case.join("site").is_dir() {
        common::copy_dir(&case.join("site"), &site);
    }
    let out = site.join(&expect.out);
    if expect.previous {
        previous_build(&out);
    }
    let run = match &expect.generate {
        Some(generator) => generate(generator, &site),
        None => Run::default(),
    };
    if run.unprivileged && is_root() {
        let owner = format!("{NOBODY}:{NOBODY}");
        let status = Command::new("chown")
            .args(["-R", &owner])
            .arg(temp.path())
            .status();
        assert!(status.is_ok_and(|s| s.success()), "{name}: chown failed");
    }
    let before = snapshot(&out);
    let root = site.display().to_string();
    let mut args: Vec<String> = ["build", "--today", common::TODAY, "--root", &root]
        .map(String::from)
        .to_vec();
    args.extend(expect.args.iter().map(|a| a.replace("{site}", &root)));
    let deadline = expect.deadline.map_or(DEADLINE, Duration::from_secs);
    let outcome = run_almanac(&args, &site, run.unprivileged, deadline);
    for path in &run.locked {
        set_mode(path, 0o755);
    }
    let stderr = outcome.stderr.replace(&root, "[site]");
    let mut problems = Vec::new();
    let Some(exit) = outcome.exit else {
        return vec![format!(
            "hang: killed after {:.1} s of CPU time ({:.1} s of wall time)",
            outcome.cpu.as_secs_f64(),
            outcome.elapsed.as_secs_f64()
        )];
    };
    if exit == 101 || stderr.contains("panicked") {
        problems.push(format!("panic (exit {exit})"));
    }
    if exit != expect.exit {
        problems.push(format!("exit {exit}, want {}", expect.exit));
    }
    let (mut errors, mut warnings) = (expect.errors.clone(), expect.warnings.clone());
    errors.sort();
    warnings.sort();
    let (got_errors, got_warnings) = (printed(&stderr, "error["), printed(&stderr, "warning["));
    if got_errors != errors {
        problems.push(format!("errors {got_errors:?}, want {errors:?}"));
    }
    if got_warnings != warnings {
        problems.push(format!("warnings {got_warnings:?}, want {warnings:?}"));
    }
    // Every error says how to fix it, not only what is wrong.
    let unhelped = blocks(&stderr, "error[")
        .filter(|block| !block.contains("= help: "))
        .count();
    if unhelped > 0 {
        problems.push(format!("{unhelped} error(s) without `= help:`"));
    }
    if exit != 0 {
        let after = snapshot(&out);
        if after != before {
            problems.push(format!("the previous output {} changed", expect.out));
        }
    } else if !out.join(".almanac-output").is_file() {
        problems.push(format!("built, but {} has no new site", expect.out));
    }
    let debris: Vec<String> = std::fs::read_dir(out.parent().unwrap_or(&site))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains(".almanac-staging") || n.contains(".almanac-old"))
                .collect()
        })
        .unwrap_or_default();
    if !debris.is_empty() {
        problems.push(format!("left behind: {debris:?}"));
    }
    if !problems.is_empty() {
        problems.push(format!(
            "({}) stderr:\n{}{}",
            expect.about,
            indent(&stderr),
            indent(&outcome.stdout)
        ));
    }
    problems
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    | {l}\n")).collect()
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("expect.yaml").is_file())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_bad_input_fails_clearly_or_builds_and_never_harms_the_previous_output() {
    let cases = cases();
    assert!(cases.len() >= 60, "the corpus has {} cases", cases.len());
    // Two at a time: the machine (and CI) has few cores, and each case has a deadline.
    let (next, results) = (
        std::sync::Mutex::new(cases.iter()),
        std::sync::Mutex::new(Vec::new()),
    );
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let Some(case) = next.lock().unwrap().next() else {
                    break;
                };
                let problems = check_case(case);
                let name = case.file_name().unwrap().to_string_lossy().into_owned();
                results.lock().unwrap().push((name, problems));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort();
    let failures: Vec<String> = results
        .iter()
        .filter(|(_, problems)| !problems.is_empty())
        .map(|(name, problems)| format!("{name}: {}", problems.join("\n  ")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        results.len(),
        failures.join("\n")
    );
}
