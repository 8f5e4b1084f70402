//! Cross-crate tests live in `tests/tests/`; sample data in `tests/data/` (public Peppol
//! BIS 3 examples and the IBM accounts-receivable sample, copied from `shared/data`).
