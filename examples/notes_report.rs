//! The library's API in use: what `minutes` inferred of each note of an archive, and every
//! problem in it, without building a site.
//!
//!     cargo run --example notes_report -- path/to/archive

fn main() -> Result<(), minutes::Fatal> {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let opts = minutes::Options {
        root: root.into(),
        ..Default::default()
    };
    let archive = minutes::Archive::open(&opts)?;
    for note in archive.notes() {
        let date = note
            .date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".into());
        let team = note.team.as_deref().unwrap_or("no team");
        println!(
            "{date}  {team:<16} {}  ({} attendees)  /{}",
            note.title,
            note.attendees.len(),
            note.url
        );
    }
    for d in archive.diagnostics() {
        eprintln!("{d}");
    }
    Ok(())
}
