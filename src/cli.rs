//! The `minutes` command line (`src/main.rs` only calls [`main`]). Turns reports into
//! output and exit codes: 0 clean, 1 a note had an error, 2 the command could not run.
//! It lives in the library so that the stages it drives can stay private to the crate.

use crate::build::{self, Options};
use crate::diag::Diagnostic;
use crate::engine;
use anyhow::Context as _;
use clap::{Args, CommandFactory, Parser, Subcommand};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(
    name = "minutes",
    version,
    about = "Static site generator for meeting-note archives"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// List every note with its metadata.
    List(ListArgs),
    /// List the action items across the archive, followed from meeting to meeting (for a
    /// stand-up or a CI job).
    Actions(ActionsArgs),
    /// Report every problem `build` would, without writing a site.
    Check(CheckArgs),
    /// Write a commented minutes.toml (with the teams found in the notes) and a GitHub
    /// Actions workflow that checks pull requests and publishes to GitHub Pages.
    Init(InitArgs),
    /// Serve the site locally, rebuilding it as notes, templates and minutes.toml change;
    /// open pages reload by themselves.
    Serve(ServeArgs),
    /// Print a completion script for a shell, e.g.
    /// `minutes completions bash > ~/.local/share/bash-completion/completions/minutes`.
    Completions(CompletionsArgs),
    /// Print the man page, or with --dir write one page per command into a folder
    /// (minutes.1, minutes-build.1, …), as the release archives ship them.
    Man(ManArgs),
}

#[derive(Args)]
struct BuildArgs {
    /// Archive folder (default: the current folder).
    path: Option<PathBuf>,
    /// Output folder (default: `public/` in the archive, or `output` in minutes.toml).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Where the site will be published, e.g. https://org.github.io/archive/
    #[arg(long)]
    base_url: Option<String>,
    /// Include notes marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Print how long each stage took.
    #[arg(long)]
    timings: bool,
    /// Print nothing but problems in the notes (no progress, no summary).
    #[arg(short, long)]
    quiet: bool,
    /// Leave GitHub references unlinked (to measure the reference pass).
    #[arg(long, hide = true)]
    skip_refs: bool,
}

#[derive(Args)]
struct ListArgs {
    path: Option<PathBuf>,
    /// One JSON array (for scripts and CI) instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ActionsArgs {
    path: Option<PathBuf>,
    /// Only the items still open.
    #[arg(long)]
    open: bool,
    /// Only the items assigned to this person (`@handle` or name).
    #[arg(long, value_name = "WHO")]
    assignee: Option<String>,
    /// One JSON array instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct CheckArgs {
    path: Option<PathBuf>,
    /// Print each inferred field of one note, its value and its evidence.
    #[arg(long, value_name = "NOTE")]
    explain: Option<PathBuf>,
    /// `text` (path:line:col: severity: message), `json`, or `github` (workflow
    /// commands that annotate a pull request). Default: `github` when
    /// GITHUB_ACTIONS=true, else `text`.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Exit 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Args)]
struct InitArgs {
    /// Archive folder, the root of its repository (default: the current folder).
    path: Option<PathBuf>,
    /// Overwrite minutes.toml and .github/workflows/minutes.yml if they exist.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct ServeArgs {
    path: Option<PathBuf>,
    /// Port to listen on; 0 picks a free one.
    #[arg(short, long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on; loopback unless asked otherwise.
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// The output folder `build` writes, left out of the notes (serve writes nothing).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Poll for changes instead of native file events (network or container mounts).
    #[arg(long)]
    poll: bool,
    /// Seconds a connection may stay open without sending a request.
    #[arg(long, default_value_t = crate::serve::IDLE_TIMEOUT.as_secs_f64())]
    idle_timeout: f64,
    /// The most connections served at once (also bounded by the open-file limit).
    #[arg(long, default_value_t = crate::serve::MAX_CONNECTIONS)]
    max_connections: usize,
}

#[derive(Args)]
struct CompletionsArgs {
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Args)]
struct ManArgs {
    #[arg(long, value_name = "FOLDER")]
    dir: Option<PathBuf>,
}

/// Parses the command line, runs the command, and says how it ended.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            match e
                .downcast_ref::<build::Fatal>()
                .and_then(build::Fatal::diagnostics)
            {
                // Already `minutes.toml:7:10: error: …`: no second `error:` in front.
                Some(diags) => print_diagnostics(&diags),
                None => eprintln!("error: {}", error_chain(&e)),
            }
            ExitCode::from(2)
        }
    }
}

/// An error and its causes, `: `-separated, each said once: `WriteError::Io` and the
/// watcher's error already print the OS message that is also their source, and anyhow's
/// `{:#}` would print it a second time.
fn error_chain(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build_command(args),
        Command::Check(args) => check_command(args),
        Command::List(args) => list_command(args),
        Command::Actions(args) => actions_command(args),
        Command::Completions(args) => completions_command(args),
        Command::Man(args) => man_command(args),
        Command::Init(args) => init_command(args),
        Command::Serve(args) => serve_command(args),
    }
}

fn build_command(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let BuildArgs {
        path,
        output,
        base_url,
        drafts,
        timings,
        quiet,
        skip_refs,
    } = args;

    let opts = Options {
        root: build::root_of(path.as_deref()),
        output,
        base_url,
        drafts,
        skip_refs,
        github_repository: github_repository(),
        github_token: github_token(),
    };
    let started = Instant::now();
    let progress = StageProgress::new(!quiet && std::io::stderr().is_terminal());
    let report = build::run_observed(&opts, &mut |t| progress.stage_done(t));
    progress.finish();
    let report = report?;
    print_diagnostics(&report.diagnostics);
    if timings {
        for t in &report.timings {
            let peak = t
                .peak_kib
                .map(|k| format!("  (peak {} MiB)", k / 1024))
                .unwrap_or_default();
            eprintln!(
                "{:>12}: {:.1} ms{peak}",
                t.stage,
                t.time.as_secs_f64() * 1000.0
            );
        }
    }
    if !quiet {
        let summary = Summary::of(&report, started.elapsed());
        if progress.shown() {
            eprint!("{}", summary.table());
        }
        eprintln!("{}", summary.line());
    }
    Ok(exit_for(&report.diagnostics))
}

fn check_command(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let CheckArgs {
        path,
        explain,
        format,
        deny_warnings,
    } = args;

    let root = build::root_of(path.as_deref());
    let format = format.unwrap_or_else(|| {
        if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
            Format::Github
        } else {
            Format::Text
        }
    });
    // What `build` refuses before it writes anything, `check` refuses too (exit 2),
    // printed in the format asked for so CI annotates the line of minutes.toml.
    let prepared = build::load_checked(&Options {
        root: root.clone(),
        github_repository: github_repository(),
        ..Options::default()
    });
    let loaded = match prepared {
        Ok(loaded) => loaded,
        Err(fatal) => match fatal.diagnostics() {
            Some(diags) => {
                print_in(format, &diags)?;
                return Ok(ExitCode::from(2));
            }
            None => return Err(fatal.into()),
        },
    };
    if let Some(note) = explain {
        return explain_note(&loaded, &root, &note);
    }
    let diags = build::check(loaded);
    print_in(format, &diags)?;
    let warned = diags
        .iter()
        .any(|d| d.severity == crate::diag::Severity::Warning);
    if deny_warnings && warned {
        return Ok(ExitCode::from(1));
    }
    Ok(exit_for(&diags))
}

/// The archive at `path` (its notes inferred, nothing rendered), its diagnostics printed:
/// what `list` and `actions` read.
fn load_and_report(path: Option<&std::path::Path>) -> anyhow::Result<build::Loaded> {
    let loaded = build::load_archive(&Options {
        root: build::root_of(path),
        github_repository: github_repository(),
        ..Options::default()
    })?;
    print_diagnostics(&loaded.diagnostics);
    Ok(loaded)
}

/// An attendee as `list` prints them: the person's handle, else their name.
fn person_shown(a: &crate::model::Attendee) -> String {
    a.handle
        .as_ref()
        .map_or_else(|| a.name.clone(), |h| format!("@{h}"))
}

fn list_command(args: ListArgs) -> anyhow::Result<ExitCode> {
    let ListArgs { path, json } = args;

    let loaded = load_and_report(path.as_deref())?;
    let base = loaded.setup.config.base_path();
    let (refs, outcomes): (Vec<_>, Vec<_>) = build::note_scan(&loaded).into_iter().unzip();
    let ledger = engine::outcomes::ledger(&loaded.archive, outcomes);
    let rows: Vec<ListRow> = loaded
        .archive
        .notes
        .iter()
        .zip(&loaded.archive.urls)
        .zip(&refs)
        .zip(&ledger.notes)
        .zip(&loaded.archive.attendees)
        .map(|((((n, url), refs), outcomes), people)| ListRow {
            source: n.source.clone(),
            url: format!("{base}{url}"),
            title: n.title.value.clone(),
            title_source: n.title.evidence.label(),
            date: n
                .date
                .as_ref()
                .map(|d| d.value.format("%Y-%m-%d").to_string()),
            date_source: n.date.as_ref().map(|d| d.evidence.label()),
            team: n.team.as_ref().map(|t| t.value.clone()),
            team_source: n.team.as_ref().map(|t| t.evidence.label()),
            topics: n.topics.clone(),
            // As the site shows them: one entry per person, however the note spelt them.
            attendees: people.iter().map(person_shown).collect(),
            kind: format!("{:?}", n.kind).to_lowercase(),
            repo: n.repo().map(str::to_string),
            repo_source: n.repo.as_ref().map(|r| r.evidence.label()),
            refs: refs.clone(),
            outcomes: outcomes
                .iter()
                .map(|o| {
                    let due = o.due.as_deref().zip(n.date.as_ref()).and_then(|(p, d)| {
                        crate::outcomes::due::resolve(p, d.value)
                            .map(|d| d.format("%Y-%m-%d").to_string())
                    });
                    engine::outcomes::outcome_row(o, &format!("{base}{url}"), due)
                })
                .collect(),
        })
        .collect();
    print_rows(&rows, json, |r| {
        format!(
            "{:<10}  {:<24}  {}  ({})",
            r.date.as_deref().unwrap_or("-"),
            r.team.as_deref().unwrap_or("-"),
            r.title,
            r.source
        )
    })?;
    Ok(exit_for(&loaded.diagnostics))
}

fn actions_command(args: ActionsArgs) -> anyhow::Result<ExitCode> {
    let ActionsArgs {
        path,
        open,
        assignee,
        json,
    } = args;
    let loaded = load_and_report(path.as_deref())?;
    let base = loaded.setup.config.base_path();
    let outcomes = build::note_scan(&loaded)
        .into_iter()
        .map(|(_, o)| o)
        .collect();
    let ledger = engine::outcomes::ledger(&loaded.archive, outcomes);
    let keys = engine::outcomes::person_keys(&loaded.archive);
    let rows: Vec<_> = ledger
        .actions
        .iter()
        .filter(|t| !(open && t.done))
        .filter(|t| {
            assignee
                .as_deref()
                .is_none_or(|w| engine::outcomes::assigned_to(t, w, &keys))
        })
        .map(|t| engine::outcomes::action_row(&loaded.archive, &ledger, t, &base))
        .collect();
    print_rows(&rows, json, |r| {
        let who = if r.assignees.is_empty() {
            "-".to_string()
        } else {
            r.assignees.join(",")
        };
        format!(
            "{:<4}  {:<16}  {:<12}  {}  ({}, {} meeting{})",
            r.state,
            who,
            r.team.as_deref().unwrap_or("-"),
            r.text,
            r.source,
            r.age,
            if r.age == 1 { "" } else { "s" }
        )
    })?;
    Ok(exit_for(&loaded.diagnostics))
}

/// `rows` on standard output: as pretty JSON, or a line each.
fn print_rows<T: serde::Serialize>(
    rows: &[T],
    json: bool,
    line: impl Fn(&T) -> String,
) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut stdout, rows)?;
        writeln!(stdout)?;
    } else {
        for r in rows {
            writeln!(stdout, "{}", line(r))?;
        }
    }
    Ok(())
}

fn completions_command(args: CompletionsArgs) -> anyhow::Result<ExitCode> {
    let CompletionsArgs { shell } = args;

    let mut cli = Cli::command();
    clap_complete::generate(shell, &mut cli, "minutes", &mut std::io::stdout().lock());
    Ok(ExitCode::SUCCESS)
}

fn man_command(args: ManArgs) -> anyhow::Result<ExitCode> {
    let ManArgs { dir } = args;

    match dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            clap_mangen::generate_to(Cli::command(), &dir)
                .with_context(|| format!("writing man pages into {}", dir.display()))?;
        }
        None => clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout().lock())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn init_command(args: InitArgs) -> anyhow::Result<ExitCode> {
    let InitArgs { path, force } = args;

    let root = build::root_of(path.as_deref());
    match build::init(&root, force) {
        Ok(written) => {
            for p in &written {
                eprintln!("wrote {}", p.display());
            }
            eprintln!("next: commit both files, set Settings → Pages → Source to \"GitHub Actions\", and push (see README: Publish to GitHub Pages)");
            Ok(ExitCode::SUCCESS)
        }
        // Not a failure to run: the user's files are safe, and the message says how
        // to proceed.
        Err(e @ build::Fatal::Write(crate::write::WriteError::Exists(_))) => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

fn serve_command(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let ServeArgs {
        path,
        port,
        bind,
        output,
        open,
        poll,
        idle_timeout,
        max_connections,
    } = args;

    let ip: std::net::IpAddr = bind
        .parse()
        .with_context(|| format!("--bind {bind}: not an IP address"))?;
    let listener = match std::net::TcpListener::bind((ip, port)) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => anyhow::bail!(
            "port {port} on {bind} is already in use: pass another --port, or --port 0 for a free one"
        ),
        Err(e) => return Err(e).with_context(|| format!("cannot listen on {bind}:{port}")),
    };
    let mut shown = listener.local_addr()?;
    if ip.is_unspecified() {
        shown.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let url = format!("http://{shown}/");
    let opts = Options {
        root: build::root_of(path.as_deref()),
        output,
        base_url: Some(url.clone()),
        drafts: true,
        github_repository: github_repository(),
        github_token: github_token(),
        ..Options::default()
    };
    let started = std::time::Instant::now();
    let ready = |site: &crate::site::Site| {
        print_diagnostics(&site.diagnostics());
        eprintln!(
            "loaded {} notes in {:.1} s; serving at {url} (Ctrl-C to stop)",
            site.notes(),
            started.elapsed().as_secs_f64()
        );
        if open {
            open_browser(&url);
        }
    };
    crate::serve::run(
        listener,
        &opts,
        crate::serve::Settings {
            poll,
            idle_timeout: std::time::Duration::from_secs_f64(idle_timeout.max(0.001)),
            max_connections,
        },
        ready,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Best effort: a preview without a browser is still a preview.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(e) = std::process::Command::new(program).args(args).spawn() {
        eprintln!("warning: cannot open a browser ({program}: {e}); open {url}");
    }
}

/// `minutes check --explain NOTE`: each inferred field with its evidence.
fn explain_note(
    loaded: &build::Loaded,
    root: &std::path::Path,
    note: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    // Accept the path as given from the current folder, or relative to the archive.
    let wanted = [note.to_path_buf(), root.join(note)]
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .next();
    let archive = &loaded.archive;
    let found = archive.notes.iter().position(|n| {
        let path = loaded.setup.root.join(&n.source);
        Some(path.canonicalize().unwrap_or(path)) == wanted || n.source == note.to_string_lossy()
    });
    let Some(i) = found else {
        anyhow::bail!("{} is not a note of this archive", note.display());
    };
    write_explanation(&mut std::io::stdout().lock(), loaded, i)?;
    Ok(ExitCode::SUCCESS)
}

/// `GITHUB_REPOSITORY`, which GitHub Actions sets to the repository a workflow runs in:
/// the archive's repository when `minutes.toml` names none. Read here, at the edge, so
/// the library's builds depend on their `Options` alone.
fn github_repository() -> Option<String> {
    std::env::var("GITHUB_REPOSITORY")
        .ok()
        .filter(|r| !r.trim().is_empty())
}

/// `GITHUB_TOKEN`: with it, `build` and `serve` ask GitHub for the titles and state of
/// the issues the notes reference (`[github] fetch = false` turns that off).
fn github_token() -> Option<String> {
    std::env::var("GITHUB_TOKEN").ok()
}

/// Where a value came from, as `check --explain` says it.
fn evidence(e: &crate::model::Evidence) -> String {
    use crate::model::Evidence;
    match e {
        Evidence::FrontMatter => "front matter".to_string(),
        Evidence::Config => "minutes.toml".to_string(),
        Evidence::Path => "the file name".to_string(),
        Evidence::Folder => "a folder name".to_string(),
        Evidence::Title => "the first heading".to_string(),
        Evidence::Body(l) => format!("line {l}"),
        Evidence::Default => "the archive's name (nothing closer)".to_string(),
        Evidence::Environment => "GITHUB_REPOSITORY".to_string(),
        Evidence::GitRemote => "the git remote `origin`".to_string(),
    }
}

/// Each inferred field of note `i`, its value and its evidence, then its diagnostics.
fn write_explanation(out: &mut impl Write, loaded: &build::Loaded, i: usize) -> anyhow::Result<()> {
    let archive = &loaded.archive;
    let n = &archive.notes[i];
    writeln!(out, "{}", n.source)?;
    writeln!(out, "  kind       {:?}", n.kind)?;
    writeln!(
        out,
        "  url        {}{}",
        loaded.setup.config.base_path(),
        archive.urls[i]
    )?;
    writeln!(
        out,
        "  title      {:?}  (from {})",
        n.title.value,
        evidence(&n.title.evidence)
    )?;
    match &n.date {
        Some(d) => writeln!(
            out,
            "  date       {} ({})  (from {})",
            d.value,
            d.value.format("%A"),
            evidence(&d.evidence)
        )?,
        None => writeln!(out, "  date       none found")?,
    }
    writeln!(out, "  time       {}", n.time.as_deref().unwrap_or("-"))?;
    match &n.team {
        Some(t) => {
            let name = archive
                .team(&t.value)
                .map_or(t.value.clone(), |x| x.name.clone());
            writeln!(
                out,
                "  team       {} \"{name}\"  (from {})",
                t.value,
                evidence(&t.evidence)
            )?
        }
        None => writeln!(out, "  team       none found")?,
    }
    writeln!(
        out,
        "  topics     {}",
        if n.topics.is_empty() {
            "-".into()
        } else {
            n.topics.join(", ")
        }
    )?;
    let people: Vec<String> = archive.attendees[i]
        .iter()
        .map(|a| {
            let who = person_shown(a);
            if a.roles.is_empty() {
                who
            } else {
                format!("{who} ({})", crate::views::role_names(&a.roles).join(", "))
            }
        })
        .collect();
    writeln!(
        out,
        "  attendees  {}",
        if people.is_empty() {
            "-".into()
        } else {
            people.join(", ")
        }
    )?;
    match &n.repo {
        Some(r) => writeln!(
            out,
            "  repo       {}  (from {})",
            r.value,
            evidence(&r.evidence)
        )?,
        None => writeln!(out, "  repo       none (bare #N is not linked)")?,
    }
    for d in loaded.diagnostics.iter().filter(|d| d.path == n.source) {
        writeln!(out, "  {d}")?;
    }
    Ok(())
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Github,
}

/// Workflow-command escaping (GitHub's toolkit: `%`, CR and LF in data; also `:` and
/// `,` in properties).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[derive(Serialize)]
struct ListRow {
    source: String,
    url: String,
    title: String,
    title_source: String,
    date: Option<String>,
    date_source: Option<String>,
    team: Option<String>,
    team_source: Option<String>,
    topics: Vec<String>,
    attendees: Vec<String>,
    kind: String,
    /// The repository bare `#N` refers to, and where it was found: `front-matter`,
    /// `config` (minutes.toml), `environment` (GITHUB_REPOSITORY), `git-remote`.
    repo: Option<String>,
    repo_source: Option<String>,
    /// Resolved GitHub references (`o/r#450`, `o/r@a5c3785`, `@user`), each once, in the
    /// order of first mention.
    refs: Vec<String>,
    /// Its decisions and action items, in the order written.
    outcomes: Vec<engine::outcomes::OutcomeRow>,
}

/// `build`'s progress on a terminal: a bar through the stages (`build::STAGES`) naming the
/// one under way, and a line for each stage as it ends. Off a terminal (CI logs, pipes) it
/// draws nothing: the summary line says it all there.
struct StageProgress {
    // indicatif: the progress bars of cargo-binstall, rustup and uv; it redraws at most
    // 20 times a second, keeps a spinner turning through a long stage, and hides itself
    // when the output is no terminal.
    bar: Option<indicatif::ProgressBar>,
}

impl StageProgress {
    fn new(on_terminal: bool) -> StageProgress {
        let bar = on_terminal.then(|| {
            let bar = indicatif::ProgressBar::new(build::STAGES.len() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner:.green} {prefix:>12.bold} [{bar:30.cyan/blue}] {pos}/{len} stages  {elapsed}",
                )
                .expect("a valid template")
                .progress_chars("=> "),
            );
            bar.set_prefix(build::STAGES[0]);
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        });
        StageProgress { bar }
    }

    fn shown(&self) -> bool {
        self.bar.is_some()
    }

    fn stage_done(&self, t: &build::Timing) {
        let Some(bar) = &self.bar else { return };
        bar.println(format!("{:>14} {}", t.stage, human_time(t.time)));
        bar.inc(1);
        let next = build::STAGES.get(bar.position() as usize);
        bar.set_prefix(next.copied().unwrap_or("done"));
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// What `build` says at the end.
struct Summary {
    notes: usize,
    pages: usize,
    errors: usize,
    warnings: usize,
    output: PathBuf,
    time: Duration,
}

impl Summary {
    fn of(report: &build::Report, time: Duration) -> Summary {
        let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
        Summary {
            notes: report.notes,
            pages: report.pages,
            errors,
            warnings: report.diagnostics.len() - errors,
            output: report.output.clone(),
            time,
        }
    }

    /// One line, for logs (and the last line on a terminal); problems are counted only
    /// when there are some, so a clean build's line says nothing of them.
    fn line(&self) -> String {
        let mut line = format!(
            "built {} {} into {} {} in {} in {}",
            self.notes,
            plural(self.notes, "note"),
            self.pages,
            plural(self.pages, "page"),
            self.output.display(),
            human_time(self.time),
        );
        let problems: Vec<String> = [(self.errors, "error"), (self.warnings, "warning")]
            .into_iter()
            .filter(|&(n, _)| n > 0)
            .map(|(n, word)| format!("{n} {}", plural(n, word)))
            .collect();
        if !problems.is_empty() {
            line.push_str(&format!(": {}", problems.join(", ")));
        }
        line
    }

    /// The table a terminal gets above the line, as Hugo and Zola print one.
    fn table(&self) -> String {
        let rows = [
            ("notes", self.notes.to_string()),
            ("pages", self.pages.to_string()),
            ("errors", self.errors.to_string()),
            ("warnings", self.warnings.to_string()),
            ("time", human_time(self.time)),
        ];
        let width = rows.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
        let mut s = String::new();
        for (name, value) in rows {
            s.push_str(&format!("  {name:<10} {value:>width$}\n"));
        }
        s
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

fn human_time(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 1.0 {
        format!("{:.0} ms", secs * 1000.0)
    } else {
        format!("{secs:.1} s")
    }
}

/// `check`'s output: text on stderr, JSON or workflow commands on stdout.
fn print_in(format: Format, diags: &[Diagnostic]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Text => print_diagnostics(diags),
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, diags)?;
            writeln!(out)?;
        }
        Format::Github => {
            for d in diags {
                let level = match d.severity {
                    crate::diag::Severity::Error => "error",
                    crate::diag::Severity::Warning => "warning",
                    crate::diag::Severity::Info => "notice",
                };
                writeln!(
                    out,
                    "::{level} file={},line={},col={}::{}",
                    escape_property(&d.path),
                    d.line,
                    d.col,
                    escape_data(&d.message)
                )?;
            }
        }
    }
    Ok(())
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{d}");
    }
}

fn exit_for(diags: &[Diagnostic]) -> ExitCode {
    if diags.iter().any(Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
