//! `rappel:engine/documents`: statements, the dispute register and the generator.

use rappel_core::{disputes, generate, ingest, statement};

use crate::exports::rappel::engine::documents as wit;
use crate::exports::rappel::engine::types::{CsvFile, Error, ErrorCode, Portfolio};
use crate::input::{date, error, import_report, invalid, portfolio};

/// Largest generated portfolio: the 1 M-invoice benchmark scale, with room.
const MAX_GENERATED_INVOICES: u32 = 2_000_000;
const MAX_GENERATED_CUSTOMERS: u32 = 200_000;

fn document<T: serde::Serialize>(
    v: &T,
    r: &ingest::ImportReport,
) -> Result<wit::JsonDocument, Error> {
    let json = serde_json::to_string_pretty(v)
        .map_err(|e| error(ErrorCode::InvalidData, e.to_string(), None))?;
    Ok(wit::JsonDocument {
        json,
        import_report: import_report(r),
    })
}

impl wit::Guest for crate::Engine {
    fn statement(
        p: Portfolio,
        customer_id: String,
        as_of: String,
    ) -> Result<wit::JsonDocument, Error> {
        let as_of = date("as-of", &as_of)?;
        let (p, r) = portfolio(&p)?;
        let s = statement::statement(&p, &customer_id, as_of, None).map_err(|e| {
            error(
                ErrorCode::UnknownCustomer,
                e.to_string(),
                Some("customer-id"),
            )
        })?;
        document(&s, &r)
    }

    fn dispute_register(p: Portfolio, as_of: String) -> Result<wit::JsonDocument, Error> {
        let as_of = date("as-of", &as_of)?;
        let (p, r) = portfolio(&p)?;
        document(&disputes::register(&p, as_of), &r)
    }

    fn generate(r: wit::GenerateRequest) -> Result<wit::Generated, Error> {
        if r.invoices > MAX_GENERATED_INVOICES {
            return Err(invalid(
                "invoices",
                format!("at most {MAX_GENERATED_INVOICES}"),
            ));
        }
        if r.customers == 0 || r.customers > MAX_GENERATED_CUSTOMERS {
            return Err(invalid(
                "customers",
                format!("between 1 and {MAX_GENERATED_CUSTOMERS}"),
            ));
        }
        let cfg = generate::Config {
            customers: r.customers,
            invoices: r.invoices,
            seed: r.seed,
            end: date("end", &r.end)?,
            months: r.months.clamp(1, 600),
            ..Default::default()
        };
        let t = generate::generate(&cfg);
        Ok(wit::Generated {
            files: ingest::write_tables(&t)
                .into_iter()
                .map(|(name, contents)| CsvFile {
                    name: name.to_string(),
                    contents,
                })
                .collect(),
        })
    }
}
