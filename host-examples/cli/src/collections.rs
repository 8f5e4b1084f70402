//! The collections commands' own inputs: the Invoice Responses `rappel import-imr`
//! applies.

use std::path::Path;

use rappel_core::api::{ApplyResponses, NamedFile};

/// `rappel import-imr`: applies Invoice Response `files` to disputes.csv and
/// promises.csv in `dir` on `engine`, writing both when a response changed anything.
pub fn import_imr(
    engine: &crate::engine::Engine,
    files: &[std::path::PathBuf],
    dir: &Path,
    payment_expected_days: u32,
) -> Result<Vec<rappel_core::collections::disputes::ResponseOutcome>, String> {
    use rappel_core::model::Table;
    // Held from reading disputes.csv and promises.csv to writing them back.
    let _lock = crate::files::Lock::on(dir)?;
    let mut documents = Vec::new();
    for f in files {
        let contents = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
        documents.push(NamedFile {
            name: f.display().to_string(),
            contents,
        });
    }
    let src = crate::data::Source {
        data: Some(dir.to_path_buf()),
        mapping: None,
        encoding: None,
        demo: false,
        currency: None,
        strict: false,
    };
    let current = |t| -> Result<Option<NamedFile>, String> {
        Ok(crate::data::table_file(dir, t, None)?
            .map(|(name, contents)| NamedFile { name, contents }))
    };
    let request = ApplyResponses {
        documents,
        payment_expected_days,
        current: [current(Table::Disputes)?, current(Table::Promises)?],
    };
    let applied = engine.apply_responses(&src, &request)?;
    if applied.changed() {
        for (t, bytes) in [
            (Table::Disputes, &applied.disputes),
            (Table::Promises, &applied.promises),
        ] {
            let path = dir.join(t.file_name());
            crate::files::write_atomic(&path, bytes)?;
        }
    }
    Ok(applied.outcomes)
}
